#include "app/server/completion_answer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include "app/chat/chat_reply.h"
#include "app/server/api_exchange.h"
#include "app/server/client_text.h"
#include "app/server/event_stream.h"
#include "app/server/logprobs_json.h"
#include "app/server/tool_calls.h"

namespace hearth::app {

namespace {

QString finishReasonForClient(const QString& reason)
{
    return reason == QLatin1String("length") || reason == QLatin1String("context_full") ? QStringLiteral("length")
                                                                                        : QStringLiteral("stop");
}

QJsonObject usageOf(const ReplyStats& stats)
{
    return { { QStringLiteral("prompt_tokens"), stats.promptTokens },
        { QStringLiteral("completion_tokens"), stats.completionTokens },
        { QStringLiteral("total_tokens"), stats.promptTokens + stats.completionTokens } };
}

// The reply's stats as the client sees them: ended by a stop string when
// `text` found one (the reply was cancelled for it).
ReplyStats statsFor(const ReplyStats& stats, const ClientText* text)
{
    ReplyStats seen = stats;
    if (text && text->stopped()) {
        seen.finishReason = QStringLiteral("stop");
        seen.stoppedByString = true;
    }
    return seen;
}

// Whether the answer may end inside a number the redactor would hide.
OutputRedactor::Ending endingOf(const ReplyStats& stats)
{
    return stats.finishReason == QLatin1String("stop") && !stats.stoppedByString ? OutputRedactor::Ending::Complete
                                                                                 : OutputRedactor::Ending::Cut;
}

// An engine error's status: a conversation longer than the context is the
// request's fault, and says so with 422.
int errorStatus(const ReplyStats& stats)
{
    return stats.errorCode == QLatin1String("context_length_exceeded") ? 422 : 400;
}

// The envelope every response object and chunk shares.
QJsonObject envelopeOf(const AnswerShape& shape, const QString& object, const QJsonArray& choices)
{
    return QJsonObject { { QStringLiteral("id"), shape.id }, { QStringLiteral("object"), object },
        { QStringLiteral("created"), shape.created }, { QStringLiteral("model"), shape.model },
        { QStringLiteral("choices"), choices } };
}

// What the exchange's record keeps of a complete answer.
void note(ApiExchange& exchange, const AnswerShape& shape, const ReplyStats& stats, const QString& text)
{
    RequestRecord& record = exchange.record();
    record.promptTokens = stats.promptTokens;
    record.completionTokens = stats.completionTokens;
    record.timeToFirstTokenS = stats.timeToFirstTokenS;
    if (shape.recordText)
        record.answer = text;
}

} // namespace

void sendWholeAnswer(ChatReply* reply, std::shared_ptr<ApiExchange> exchange, const AnswerShape& shape)
{
    if (QTcpSocket* socket = exchange->socket())
        QObject::connect(socket, &QTcpSocket::disconnected, reply, &ChatReply::cancel);
    // Stop strings after redaction are looked for as the text comes, so
    // that generation ends at the first.
    const auto clientText = shape.stopsAfterRedaction.isEmpty()
        ? nullptr
        : std::make_shared<ClientText>(shape.redactor, shape.stopsAfterRedaction);
    const auto shown = std::make_shared<QString>();
    if (clientText)
        QObject::connect(reply, &ChatReply::textArrived, reply, [reply, clientText, shown](const QString& piece) {
            *shown += clientText->push(piece);
            if (clientText->stopped())
                reply->cancel();
        });
    QObject::connect(
        reply, &ChatReply::finished, reply, [reply, exchange, shape, clientText, shown](const ReplyStats& arrived) {
            reply->deleteLater();
            const ReplyStats stats = statsFor(arrived, clientText.get());
            const QString text = clientText ? *shown + clientText->finish(endingOf(stats))
                : shape.redactor.isEmpty()  ? reply->text()
                                            : shape.redactor.redacted(reply->text(), endingOf(stats));
            note(*exchange, shape, stats, text);
            if (stats.finishReason == QLatin1String("error")) {
                exchange->sendError(
                    errorStatus(stats), stats.error, QStringLiteral("invalid_request_error"), {}, stats.errorCode);
                return;
            }
            if (stats.finishReason == QLatin1String("cancelled"))
                return; // the client has gone: the exchange records 499
            const ToolCallParse parsed = shape.tools ? parseToolCalls(text) : ToolCallParse { text, {} };
            QJsonObject choice { { QStringLiteral("index"), 0 },
                { QStringLiteral("finish_reason"),
                    parsed.calls.isEmpty() ? finishReasonForClient(stats.finishReason) : QStringLiteral("tool_calls") },
                { QStringLiteral("logprobs"),
                    !shape.logprobs  ? QJsonValue()
                        : shape.chat ? QJsonValue(chatLogprobs(reply->logprobs()))
                                     : QJsonValue(completionLogprobs(reply->logprobs())) } };
            if (shape.chat) {
                QJsonObject message { { QStringLiteral("role"), QStringLiteral("assistant") },
                    { QStringLiteral("content"),
                        parsed.calls.isEmpty() || !parsed.content.isEmpty() ? QJsonValue(parsed.content)
                                                                            : QJsonValue() } };
                if (!parsed.calls.isEmpty())
                    message.insert(QStringLiteral("tool_calls"), toolCallsJson(parsed.calls, false));
                choice.insert(QStringLiteral("message"), message);
            } else
                choice.insert(QStringLiteral("text"), text);
            QJsonObject response
                = envelopeOf(shape, shape.chat ? QStringLiteral("chat.completion") : QStringLiteral("text_completion"),
                    QJsonArray { choice });
            response.insert(QStringLiteral("usage"), usageOf(stats));
            exchange->sendJson(response);
        });
}

void streamAnswer(ChatReply* reply, std::shared_ptr<ApiExchange> exchange, const AnswerShape& shape)
{
    const QString chunkObject
        = shape.chat ? QStringLiteral("chat.completion.chunk") : QStringLiteral("text_completion");
    EventStream* stream = exchange->openStream(reply);
    // Tokens whose log-probabilities go with the next chunk, and how much text went before.
    auto pending = std::make_shared<QList<TokenLogprobs>>();
    auto sent = std::make_shared<QString>();
    const auto chunk = [shape, chunkObject, pending, sent](
                           const QString& text, const QJsonValue& finish, bool role = false) {
        QJsonObject choice { { QStringLiteral("index"), 0 }, { QStringLiteral("finish_reason"), finish } };
        if (shape.chat) {
            QJsonObject delta;
            if (role)
                delta.insert(QStringLiteral("role"), QStringLiteral("assistant"));
            if (role || !text.isEmpty())
                delta.insert(QStringLiteral("content"), text);
            choice.insert(QStringLiteral("delta"), delta);
        } else {
            choice.insert(QStringLiteral("text"), text);
        }
        if (shape.logprobs) {
            choice.insert(QStringLiteral("logprobs"),
                shape.chat ? chatLogprobs(*pending) : completionLogprobs(*pending, sent->size() - text.size()));
            pending->clear();
        }
        return QJsonDocument(envelopeOf(shape, chunkObject, QJsonArray { choice })).toJson(QJsonDocument::Compact);
    };
    // The first event (a chat's role) goes out with the first text: an error
    // before it is still a plain HTTP error, not a 200 stream that fails.
    const auto begin = [stream, chunk, chat = shape.chat] {
        if (chat && !stream->hasStarted())
            stream->send(chunk(QString(), QJsonValue::Null, true));
    };
    QObject::connect(reply, &ChatReply::logprobsArrived, stream,
        [pending](const TokenLogprobs& logprobs) { pending->append(logprobs); });
    // A client that goes away stops its generation at once.
    QObject::connect(stream, &EventStream::clientGone, reply, &ChatReply::cancel);
    // The redactor (and stop strings after it) hold back what may still
    // become a match, per answer.
    auto clientText = std::make_shared<ClientText>(shape.redactor, shape.stopsAfterRedaction);
    // With tools, what may be a call is held back until the answer ends.
    auto toolStream = shape.tools ? std::make_shared<ToolCallStream>() : nullptr;
    QObject::connect(reply, &ChatReply::textArrived, stream,
        [reply, stream, chunk, begin, clientText, sent, toolStream](const QString& text) {
            const QString safe = clientText->push(toolStream ? toolStream->push(text) : text);
            if (!safe.isEmpty()) {
                begin();
                *sent += safe;
                stream->send(chunk(safe, QJsonValue::Null));
            }
            if (clientText->stopped())
                reply->cancel();
        });
    QObject::connect(reply, &ChatReply::finished, stream,
        [reply, stream, exchange, shape, chunk, begin, chunkObject, clientText, sent, toolStream](
            const ReplyStats& arrived) {
            reply->deleteLater();
            const ReplyStats stats = statsFor(arrived, clientText.get());
            if (stats.finishReason == QLatin1String("error") && !stream->hasStarted()) {
                note(*exchange, shape, stats, QString());
                const int status = errorStatus(stats);
                stream->refuse(status,
                    QJsonDocument(
                        openAiError(stats.error, QStringLiteral("invalid_request_error"), {}, stats.errorCode))
                        .toJson(QJsonDocument::Compact));
                exchange->end(status);
                return;
            }
            QList<ToolCall> calls;
            QString rest;
            if (toolStream) {
                ToolCallParse parsed = toolStream->finish();
                calls = parsed.calls;
                rest = clientText->push(parsed.content);
            }
            rest += clientText->finish(endingOf(stats));
            if (stats.finishReason != QLatin1String("cancelled"))
                begin();
            if (!rest.isEmpty()) {
                *sent += rest;
                stream->send(chunk(rest, QJsonValue::Null));
            }
            for (ToolCall& call : calls)
                call.arguments = clientText->redactor().redacted(call.arguments);
            if (!calls.isEmpty() && stats.finishReason != QLatin1String("error")
                && stats.finishReason != QLatin1String("cancelled")) {
                const QJsonObject delta { { QStringLiteral("tool_calls"), toolCallsJson(calls, true) } };
                stream->send(QJsonDocument(
                    envelopeOf(shape, chunkObject,
                        QJsonArray { QJsonObject { { QStringLiteral("index"), 0 }, { QStringLiteral("delta"), delta },
                            { QStringLiteral("finish_reason"), QJsonValue::Null } } }))
                                 .toJson(QJsonDocument::Compact));
            }
            note(*exchange, shape, stats, *sent);
            if (stats.finishReason == QLatin1String("cancelled"))
                return; // the client has gone: the exchange records 499
            if (stats.finishReason == QLatin1String("error")) {
                stream->send(
                    QJsonDocument(openAiError(stats.error, QStringLiteral("server_error"), {}, stats.errorCode))
                        .toJson(QJsonDocument::Compact));
            } else {
                stream->send(chunk(QString(),
                    calls.isEmpty() ? finishReasonForClient(stats.finishReason) : QStringLiteral("tool_calls")));
                if (shape.includeUsage) {
                    QJsonObject usage = envelopeOf(shape, chunkObject, QJsonArray());
                    usage.insert(QStringLiteral("usage"), usageOf(stats));
                    stream->send(QJsonDocument(usage).toJson(QJsonDocument::Compact));
                }
            }
            stream->send("[DONE]");
            stream->close();
            exchange->end(200);
        });
}

} // namespace hearth::app
