#include "cli/command_line.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include "cli/cli.h"

namespace hearth::app {

std::optional<int> CommandLine::parse(
    QCommandLineParser& parser, const QString& command, const QStringList& args, QTextStream& out, QTextStream& err)
{
    parser.addOption({ { QStringLiteral("h"), QStringLiteral("help") }, tr("Show this help.") });
    const QString program = QStringLiteral("hearth ") + command;
    if (!parser.parse(QStringList { program } + args)) {
        err << program << QStringLiteral(": ") << parser.errorText() << QLatin1Char('\n');
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // helpText() names the program by the path it was started as; the
        // usage line should read as the sub-command is typed.
        QString help = parser.helpText();
        const QStringList started = QCoreApplication::arguments();
        if (!started.isEmpty()) {
            const qsizetype at = help.indexOf(started.constFirst());
            if (at >= 0)
                help.replace(at, started.constFirst().size(), program);
        }
        out << help;
        return ExitOk;
    }
    return std::nullopt;
}

} // namespace hearth::app
