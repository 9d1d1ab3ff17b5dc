#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/text/vocabulary.h"

namespace hearth {

class Tokenizer;

// A raw prompt: BOS as the vocabulary asks, control tokens written in the
// text left as text (a user cannot inject <|im_start|>).
std::vector<TokenId> prompt_from_text(const Tokenizer& tokenizer, std::string_view text);

// A conversation (see render_chat_prompt) through the model's chat template,
// with the generation prompt appended. Control tokens the template writes
// become those tokens, those written in the messages stay text; BOS is added
// only when the template did not write it. Throws TemplateError.
std::vector<TokenId> prompt_from_conversation(const Tokenizer& tokenizer, const nlohmann::ordered_json& conversation);

} // namespace hearth
