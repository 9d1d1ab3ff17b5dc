#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth loadtest --url U --model M [--concurrency C] [--requests N] [--api-key K]
//                 [--max-tokens N] [--prompt TEXT] [--json]
// The deployment guide's load test against any OpenAI-compatible server.
class LoadtestCommand {
    Q_DECLARE_TR_FUNCTIONS(LoadtestCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
