#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth pull REPO[:QUANT] [--dir DIR] [--json]: downloads a repository's GGUF
// file of that quantization (Q4_K_M when none is given; every part of a
// split one), resumable and verified, into the models folder, and adds it
// to the library. The hub is $HF_ENDPOINT when set, else the settings'; the
// token $HF_TOKEN when set, else the one kept in Settings; the proxy the
// settings'.
class PullCommand {
    Q_DECLARE_TR_FUNCTIONS(PullCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
