#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth convert HF_DIR [-o OUT.gguf] [--type f16|bf16|f32] [--json]: a
// Hugging Face checkpoint (safetensors, config.json, tokenizer.json) to one
// GGUF file, which joins the library; quantize it afterwards for fewer bits.
class ConvertCommand {
    Q_DECLARE_TR_FUNCTIONS(ConvertCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
