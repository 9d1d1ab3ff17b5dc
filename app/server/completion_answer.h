#pragma once

#include <QString>

#include <memory>

#include "app/server/output_redactor.h"

namespace hearth::app {

class ApiExchange;
class ChatReply;

// How a completion is answered: in the chat or the text-completion shape,
// with log-probabilities and tool calls when asked for, redacted when the
// server redacts, under this id, time and model name.
struct AnswerShape {
    bool chat = true;
    bool logprobs = false;
    bool tools = false;
    bool includeUsage = false; // streamed: a last chunk with the usage
    bool recordText = false; // the exchange's record keeps the answer
    QString id;
    qint64 created = 0;
    QString model;
    OutputRedactor redactor { QStringList() };
    // With redaction, the request's stop strings are matched here, on the
    // redacted text, instead of by the engine (see ClientText).
    QStringList stopsAfterRedaction;
};

// Sends `reply`'s answer through `exchange` as one JSON object when it is
// complete. A client that leaves cancels it; the reply is deleted after.
void sendWholeAnswer(ChatReply* reply, std::shared_ptr<ApiExchange> exchange, const AnswerShape& shape);

// Streams `reply`'s answer through `exchange` as Server-Sent Events, chunk
// by chunk, then [DONE]. A client that leaves cancels it; the reply is
// deleted after.
void streamAnswer(ChatReply* reply, std::shared_ptr<ApiExchange> exchange, const AnswerShape& shape);

} // namespace hearth::app
