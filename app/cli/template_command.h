#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth template MODEL.gguf CONVERSATION.json [--no-generation-prompt]
// Prints the prompt the model's chat template makes, byte for byte.
class TemplateCommand {
    Q_DECLARE_TR_FUNCTIONS(TemplateCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
