#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth quantize IN.gguf OUT.gguf TYPE [--imatrix FILE] [--threads N] [--json]: writes the
// model in another quantization (Q8_0, Q6_K, Q5_1, Q5_K_M, Q5_0, Q5_K_S, Q4_1,
// Q4_K_M, Q4_K_S, Q4_0, F16, BF16) with llama.cpp's per-tensor mixes, on every core, with
// a progress bar; Ctrl-C stops it and leaves no file. The result joins the
// library.
class QuantizeCommand {
    Q_DECLARE_TR_FUNCTIONS(QuantizeCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
