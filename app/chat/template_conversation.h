#pragma once

#include <nlohmann/json.hpp>

#include "app/chat/chat_request.h"

namespace hearth::app {

// The conversation as chat templates read it: the messages (OpenAI's, with
// tool calls and results, or the system prompt and turns), the tools, and
// the reasoning effort when one is set. For a harmony template (gpt-oss)
// null contents become empty text, which it requires.
nlohmann::ordered_json templateConversation(const ChatRequest& request, bool harmony);

} // namespace hearth::app
