#include "cli/command_line.h"

#include <QCommandLineParser>
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
        out << parser.helpText();
        return ExitOk;
    }
    return std::nullopt;
}

} // namespace hearth::app
