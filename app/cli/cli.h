#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// Exit codes every sub-command keeps: scripts rely on them.
enum ExitCode : int { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// The headless face of Hearth: `hearth --version`, `--help` and sub-commands.
class Cli {
    Q_DECLARE_TR_FUNCTIONS(Cli)
public:
    // True when the arguments ask for the command line rather than the window.
    static bool wantsCommandLine(int argc, char** argv);
    // Runs with a QCoreApplication, so it needs no display.
    static int run(int argc, char** argv);
    // Runs `args` (without the program name) writing to the given streams.
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);

    static QString usage();
};

} // namespace hearth::app
