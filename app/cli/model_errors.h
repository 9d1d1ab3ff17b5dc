#pragma once

#include <QString>

#include <functional>

class QTextStream;

namespace hearth::app {

// Runs `work` on a model file for sub-command `command`. The engine reports a
// bad file, vocabulary or template with exceptions; they stop here and become
// one line on stderr ("hearth tokenize: model.gguf: …") and exit code 1.
int runOnModelFile(const QString& command, const QString& model, QTextStream& err, const std::function<void()>& work);

} // namespace hearth::app
