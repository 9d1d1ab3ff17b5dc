#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <optional>

class QCommandLineParser;
class QTextStream;

namespace hearth::app {

// What every sub-command does with its arguments before its own work, so
// -h/--help and parse errors behave the same in each.
class CommandLine {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
public:
    // Adds -h/--help to `parser` and parses `args` as `hearth COMMAND ARGS`.
    // When that ends the command (a usage error said on `err`, or the help
    // printed on `out`) returns its exit code; otherwise nothing.
    static std::optional<int> parse(QCommandLineParser& parser, const QString& command, const QStringList& args,
        QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
