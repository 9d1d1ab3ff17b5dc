#include "app/cli/command_line.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include "app/cli/cli.h"

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

std::optional<unsigned> CommandLine::count(const QCommandLineParser& parser, const QCommandLineOption& option,
    unsigned fallback, const QString& command, QTextStream& err)
{
    if (!parser.isSet(option))
        return fallback;
    bool valid = false;
    const int value = parser.value(option).toInt(&valid);
    if (!valid || value < 0) {
        err << tr("hearth %1: --%2 needs a whole number that is not negative\n").arg(command, option.names().first());
        return std::nullopt;
    }
    return unsigned(value);
}

} // namespace hearth::app
