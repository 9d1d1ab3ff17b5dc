#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth serve MODEL.gguf [--host 127.0.0.1] [--port 8080] [--api-key-file F] [--parallel N]
//                         [--queue N] [--rpm N] [--tpm N] [--cors ORIGINS] [--redact] [--threads N]
//                         [--ctx N] [--max-body-mb N] [--quiet]
// The OpenAI-compatible API without the window, until SIGINT or SIGTERM.
class ServeCommand {
    Q_DECLARE_TR_FUNCTIONS(ServeCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
