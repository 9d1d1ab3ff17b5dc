#pragma once

#include <QJsonObject>
#include <QList>

#include "app/chat/chat_request.h"

namespace hearth::app {

// Log-probabilities as OpenAI writes them. Chat: {"content": [{token,
// logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]}. Text
// completions, the older shape: {tokens, token_logprobs, top_logprobs:
// [{token: logprob}], text_offset}, offsets counted from `textOffset`.
QJsonObject chatLogprobs(const QList<TokenLogprobs>& tokens);
QJsonObject completionLogprobs(const QList<TokenLogprobs>& tokens, qsizetype textOffset = 0);

} // namespace hearth::app
