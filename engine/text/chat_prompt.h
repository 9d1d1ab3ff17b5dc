#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/text/chat_template.h"
#include "engine/text/vocabulary.h"

namespace hearth {

struct ChatPrompt {
    std::string text;
    bool default_template = false; // the model has no template: ChatML was used
};

// Renders a conversation with the model's own chat template, or with ChatML
// when it has none. `conversation` is a list of messages, or an object with
// "messages" and optionally "tools", "add_generation_prompt" and any other
// variable the template reads. bos_token and eos_token come from the
// vocabulary. Throws TemplateError.
ChatPrompt render_chat_prompt(const Vocabulary& vocabulary, const nlohmann::ordered_json& conversation,
    bool add_generation_prompt, const TemplateClock& clock = {});

} // namespace hearth
