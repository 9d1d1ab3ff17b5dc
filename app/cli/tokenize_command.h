#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth tokenize MODEL.gguf TEXT [--parse-special] [--no-bos] [--json]
// TEXT "-" reads standard input.
class TokenizeCommand {
    Q_DECLARE_TR_FUNCTIONS(TokenizeCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
