#pragma once

#include <QString>

namespace hearth::app {

// A reasoning model's answer, split into its thinking and the answer proper.
struct SplitAnswer {
    QString reasoning;
    QString answer;
    bool thinking = false; // the thinking has not ended yet
};

// DeepSeek-R1-style output: "<think>…</think>answer". The opening tag may be
// missing, when the chat template already wrote it into the prompt; text
// without the tags is all answer.
SplitAnswer splitReasoning(const QString& text);

} // namespace hearth::app
