#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth quantize IN.gguf OUT.gguf TYPE [--imatrix FILE] [--threads N] [--json]: writes the
// model in another quantization (any of all_model_quants(): F16, BF16, Q8_0 down to
// Q2_K, IQ4_NL, IQ4_XS, IQ3_M down to IQ1_S (most of which need --imatrix),
// TQ2_0 and TQ1_0, and MXFP4_MOE: experts MXFP4, the rest Q8_0, as gpt-oss ships)
// with llama.cpp's per-tensor mixes, on every core, with
// a progress bar; Ctrl-C stops it and leaves no file. The result joins the
// library.
class QuantizeCommand {
    Q_DECLARE_TR_FUNCTIONS(QuantizeCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
