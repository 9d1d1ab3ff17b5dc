#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

#include "app/chat/conversation_store.h"

namespace hearth {
class JsonSchema;
}

namespace hearth::app {

// The sampling settings a conversation uses: stored with it as JSON, and
// the defaults a new conversation starts from.
struct ChatSampling {
    double temperature = 0.7;
    double topP = 0.95;
    int maxTokens = 2048;
    std::optional<qint64> seed; // empty: a new one for every answer
    // How long a reasoning model thinks (gpt-oss reads it): "low", "medium"
    // or "high"; empty: the chat template's default.
    QString reasoningEffort;

    static ChatSampling fromJson(const QJsonObject& json);
    QJsonObject toJson() const;
};

// The reasoning efforts a chat template may be given, least first.
QStringList reasoningEfforts();

// What a backend is asked: the conversation so far, ending with the user's turn.
struct ChatRequest {
    QString systemPrompt;
    QList<ChatMessage> messages; // user and assistant turns, oldest first
    ChatSampling sampling;
    // A raw prompt to continue instead of a conversation (no chat template;
    // BOS as the model's vocabulary asks): /v1/completions.
    QString rawPrompt;
    // What API clients may add (OpenAI's meaning):
    QStringList stop; // the answer ends before the first of these
    double presencePenalty = 0.0; // -2..2, once per token already present
    double frequencyPenalty = 0.0; // -2..2, per occurrence
    int topLogprobs = -1; // -1: no log-probabilities; else each token's and its n best alternatives'
    // When set, the answer is JSON matching it (response_format).
    std::shared_ptr<const JsonSchema> outputSchema;
    // Tool use, as OpenAI clients send it: the tools offered (rendered by the
    // model's chat template), and the conversation in OpenAI's form, tool
    // calls and results included, used instead of systemPrompt and messages.
    QJsonArray tools;
    QJsonArray openAiMessages;
    bool toolCallRequired = false; // tool_choice "required" or a named function
};

// A token the model chose or could have: its bytes (a piece of a UTF-8
// character for some) and its log-probability.
struct TokenAlternative {
    QByteArray bytes;
    double logprob = 0.0;
};

// One generated token's log-probability and its best alternatives, best first.
struct TokenLogprobs {
    TokenAlternative chosen;
    QList<TokenAlternative> top;
};

// How an answer went, for the details line and the stored message.
struct ReplyStats {
    QString finishReason; // "stop", "length", "context_full", "cancelled", "error"
    bool stoppedByString = false; // "stop" because of a request's stop string, not the model's own end
    QString error; // when finishReason is "error"
    QString errorCode; // what kind of error, for programs: "context_length_exceeded", or empty
    int promptTokens = 0;
    int cachedPromptTokens = 0;
    int completionTokens = 0;
    double timeToFirstTokenS = 0.0;
    double tokensPerS = 0.0;

    QJsonObject toJson() const;
    static ReplyStats fromJson(const QJsonObject& json);
};

} // namespace hearth::app
