#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <optional>

class QCommandLineOption;
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

    // The whole, non-negative number `option` gives, `fallback` when it is
    // not set; nothing (said on `err`) when its value is not one.
    static std::optional<unsigned> count(const QCommandLineParser& parser, const QCommandLineOption& option,
        unsigned fallback, const QString& command, QTextStream& err);
};

} // namespace hearth::app
