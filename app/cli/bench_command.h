#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth bench MODEL.gguf [-p N] [-n N] [-r N] [--threads N] [--parallel N] [--json]
// Prompt-processing and generation speed, as llama-bench measures them.
class BenchCommand {
    Q_DECLARE_TR_FUNCTIONS(BenchCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
