#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

#include "app/chat/chat_request.h"

namespace hearth::app {

// What is wrong with a request, in OpenAI's terms: the field, and why.
struct FieldError {
    QString param;
    QString message;
};

// The sampling and stopping fields of a completions request (temperature,
// top_p, max_tokens / max_completion_tokens, penalties, n, seed, stream,
// stop), checked as OpenAI checks them, into `chat`. Unknown fields are
// ignored, as OpenAI ignores them.
std::optional<FieldError> readSamplingFields(const QJsonObject& body, ChatRequest& chat);

// "logprobs" and "top_logprobs" into `chat.topLogprobs`. Chat: logprobs is
// true or false and top_logprobs 0..20 (with logprobs true); text
// completions: logprobs is the number of alternatives, 0..5.
std::optional<FieldError> readLogprobFields(const QJsonObject& body, bool chatFormat, ChatRequest& chat);

// "response_format": {"type": "text"}, {"type": "json_object"} (any JSON
// object) or {"type": "json_schema", "json_schema": {"name", "schema"}}
// into `chat.outputSchema`.
std::optional<FieldError> readResponseFormat(const QJsonObject& body, ChatRequest& chat);

// "tools" (functions: name, description, parameters) and "tool_choice"
// ("none", "auto", "required" or one function by name) into `chat`. A call
// that is required becomes an output schema: {"name", "arguments"}.
std::optional<FieldError> readTools(const QJsonObject& body, ChatRequest& chat);

// The "messages" of a chat completion (system, user, assistant, tool;
// content as a string or a list of parts) into `chat`; with tool calls or
// results among them, the whole list too (chat.openAiMessages).
std::optional<FieldError> readChatMessages(const QJsonObject& body, ChatRequest& chat);

// The "prompt" of a text completion (one string, or a list of one) into `chat`.
std::optional<FieldError> readTextPrompt(const QJsonObject& body, ChatRequest& chat);

// The "input" of an embeddings request: one non-empty string or a list of
// them (at most 2048). Token-id inputs are refused: send text.
std::optional<FieldError> readEmbeddingInput(const QJsonObject& body, QStringList& texts);

} // namespace hearth::app
