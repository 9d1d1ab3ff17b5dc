#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth run MODEL.gguf [-p PROMPT] [--chat] [-n N] [--temp T] [--top-p P]
//            [--top-k K] [--seed S] [--ctx N] [--threads N] [--device cpu|cuda] [--json]
// With -p: one answer (streamed, or one JSON object with --json). Without:
// an interactive chat on the terminal.
class RunCommand {
    Q_DECLARE_TR_FUNCTIONS(RunCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
