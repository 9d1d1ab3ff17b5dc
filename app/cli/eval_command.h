#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth eval MODEL.gguf --text FILE [--reference OTHER.gguf] [--ctx N]
// [--chunks N] [--json]: what a quantization cost — perplexity on the text,
// and against the reference the KL divergence of the next-token
// distributions and how often both choose the same token; with the file's
// size and its generation speed here.
class EvalCommand {
    Q_DECLARE_TR_FUNCTIONS(EvalCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
