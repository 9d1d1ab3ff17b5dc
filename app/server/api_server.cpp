#include "server/api_server.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUuid>

#include <cmath>
#include <optional>

#include "chat/chat_backend.h"
#include "chat/chat_reply.h"
#include "chat/openai_messages.h"
#include "inference/local_model.h"
#include "server/event_stream.h"

namespace hearth::app {

namespace {

// Messages to API clients stay in English, as OpenAI's do: programs read
// them, whatever language the window speaks.
using Status = QHttpServerResponder::StatusCode;

void sendJson(QHttpServerResponder& responder, const QJsonObject& body, Status status = Status::Ok)
{
    responder.write(QJsonDocument(body), status);
}

// OpenAI's error body.
// OpenAI's error body: {"error": {message, type, param, code}}.
QJsonDocument errorBody(
    const QString& message, const QString& type, const QString& param = {}, const QString& code = {})
{
    return QJsonDocument(QJsonObject { { QStringLiteral("error"),
        QJsonObject {
            { QStringLiteral("message"), message },
            { QStringLiteral("type"), type },
            { QStringLiteral("param"), param.isEmpty() ? QJsonValue() : QJsonValue(param) },
            { QStringLiteral("code"), code.isEmpty() ? QJsonValue() : QJsonValue(code) },
        } } });
}

void sendError(QHttpServerResponder& responder, Status status, const QString& message, const QString& type,
    const QString& param = {}, const QString& code = {})
{
    responder.write(errorBody(message, type, param, code), status);
}

// Equal digests, in time that does not depend on where they differ.
bool sameDigest(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

QJsonObject modelObject(const QString& id)
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("object"), QStringLiteral("model") },
        { QStringLiteral("created"), 0 }, { QStringLiteral("owned_by"), QStringLiteral("hearth") } };
}

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

// A number in [low, high] at `key`, or `fallback` when absent; nullopt when
// present but not such a number.
std::optional<double> number(const QJsonObject& body, const QString& key, double low, double high, double fallback)
{
    const QJsonValue value = body.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isDouble() || value.toDouble() < low || value.toDouble() > high)
        return std::nullopt;
    return value.toDouble();
}

// The sampling and stopping fields of a request, checked as OpenAI checks
// them; "param|message" for the first that is wrong, empty when all are right.
QString readParameters(const QJsonObject& body, ChatRequest& chat)
{
    const auto invalid
        = [](const QString& param, const QString& message) { return param + QLatin1Char('|') + message; };
    const auto temperature = number(body, QStringLiteral("temperature"), 0.0, 2.0, 1.0);
    if (!temperature)
        return invalid(QStringLiteral("temperature"), QStringLiteral("'temperature' must be a number from 0 to 2"));
    const auto topP = number(body, QStringLiteral("top_p"), 0.0, 1.0, 1.0);
    if (!topP)
        return invalid(QStringLiteral("top_p"), QStringLiteral("'top_p' must be a number from 0 to 1"));
    const QString lengthKey = body.contains(QStringLiteral("max_completion_tokens"))
        ? QStringLiteral("max_completion_tokens")
        : QStringLiteral("max_tokens");
    const auto maxTokens = number(body, lengthKey, 1, 1 << 20, chat.sampling.maxTokens);
    if (!maxTokens || *maxTokens != std::floor(*maxTokens))
        return invalid(lengthKey, QStringLiteral("'%1' must be a whole number of at least 1").arg(lengthKey));
    const auto presence = number(body, QStringLiteral("presence_penalty"), -2.0, 2.0, 0.0);
    if (!presence)
        return invalid(QStringLiteral("presence_penalty"), QStringLiteral("'presence_penalty' must be from -2 to 2"));
    const auto frequency = number(body, QStringLiteral("frequency_penalty"), -2.0, 2.0, 0.0);
    if (!frequency)
        return invalid(QStringLiteral("frequency_penalty"), QStringLiteral("'frequency_penalty' must be from -2 to 2"));
    const auto n = number(body, QStringLiteral("n"), 1, 1, 1);
    if (!n)
        return invalid(QStringLiteral("n"), QStringLiteral("Only n=1 is supported: send one request per answer"));
    const QJsonValue seed = body.value(QStringLiteral("seed"));
    if (!seed.isUndefined() && !seed.isNull() && !seed.isDouble())
        return invalid(QStringLiteral("seed"), QStringLiteral("'seed' must be an integer"));
    const QJsonValue stream = body.value(QStringLiteral("stream"));
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool())
        return invalid(QStringLiteral("stream"), QStringLiteral("'stream' must be true or false"));

    const QJsonValue stop = body.value(QStringLiteral("stop"));
    if (stop.isString()) {
        chat.stop << stop.toString();
    } else if (stop.isArray()) {
        if (stop.toArray().size() > 4)
            return invalid(QStringLiteral("stop"), QStringLiteral("'stop' takes at most 4 sequences"));
        for (const QJsonValue& entry : stop.toArray()) {
            if (!entry.isString())
                return invalid(QStringLiteral("stop"), QStringLiteral("'stop' must be a string or a list of strings"));
            chat.stop << entry.toString();
        }
    } else if (!stop.isUndefined() && !stop.isNull()) {
        return invalid(QStringLiteral("stop"), QStringLiteral("'stop' must be a string or a list of strings"));
    }
    chat.stop.removeAll(QString());

    chat.sampling.temperature = *temperature;
    chat.sampling.topP = *topP;
    chat.sampling.maxTokens = static_cast<int>(*maxTokens);
    chat.presencePenalty = *presence;
    chat.frequencyPenalty = *frequency;
    if (seed.isDouble())
        chat.sampling.seed = static_cast<qint64>(seed.toDouble());
    return {};
}

} // namespace

ApiServer::ApiServer(LocalModel& model, ChatBackend& backend, QObject* parent)
    : QObject(parent)
    , m_model(model)
    , m_backend(backend)
    , m_http(std::make_unique<QHttpServer>())
{
    m_http->route(QStringLiteral("/health"), QHttpServerRequest::Method::Get,
        [this](const QHttpServerRequest&, QHttpServerResponder&& responder) {
            const auto state = m_model.state();
            const QString status = state == LocalModel::State::Ready ? QStringLiteral("ready")
                : state == LocalModel::State::Loading                ? QStringLiteral("loading")
                                                                     : QStringLiteral("no_model");
            sendJson(responder, { { QStringLiteral("status"), status } },
                state == LocalModel::State::Ready ? Status::Ok : Status::ServiceUnavailable);
        });
    m_http->route(QStringLiteral("/v1/models"), QHttpServerRequest::Method::Get,
        [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            if (!authorized(request, responder))
                return;
            QJsonArray data;
            if (m_model.state() == LocalModel::State::Ready)
                data.append(modelObject(modelId()));
            sendJson(
                responder, { { QStringLiteral("object"), QStringLiteral("list") }, { QStringLiteral("data"), data } });
        });
    m_http->route(QStringLiteral("/v1/models/<arg>"), QHttpServerRequest::Method::Get,
        [this](const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            if (!authorized(request, responder))
                return;
            if (m_model.state() == LocalModel::State::Ready && id == modelId())
                sendJson(responder, modelObject(id));
            else
                sendError(responder, Status::NotFound, QStringLiteral("The model '%1' does not exist").arg(id),
                    QStringLiteral("invalid_request_error"), QStringLiteral("model"),
                    QStringLiteral("model_not_found"));
        });
    m_http->route(QStringLiteral("/v1/completions"), QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            if (authorized(request, responder))
                completions(request, std::move(responder));
        });
    m_http->route(QStringLiteral("/v1/chat/completions"), QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            if (authorized(request, responder))
                chatCompletions(request, std::move(responder));
        });
}

ApiServer::~ApiServer()
{
    // Answers still running cancel as they go, while the count they update exists.
    qDeleteAll(findChildren<ChatReply*>(Qt::FindDirectChildrenOnly));
}

quint16 ApiServer::listen(const QHostAddress& address, quint16 port)
{
    const quint16 bound = m_http->listen(address, port);
    if (!bound)
        m_error = tr("Cannot listen on %1 port %2: is another server using it?").arg(address.toString()).arg(port);
    return bound;
}

void ApiServer::setApiKeys(const QStringList& keys)
{
    m_keyHashes.clear();
    for (const QString& key : keys)
        if (!key.trimmed().isEmpty())
            m_keyHashes.append(QCryptographicHash::hash(key.trimmed().toUtf8(), QCryptographicHash::Sha256));
}

bool ApiServer::authorized(const QHttpServerRequest& request, QHttpServerResponder& responder) const
{
    if (m_keyHashes.isEmpty())
        return true;
    const QByteArray header = request.value("Authorization");
    const QByteArray key = header.startsWith("Bearer ") ? header.mid(7).trimmed() : QByteArray();
    const QByteArray digest = QCryptographicHash::hash(key, QCryptographicHash::Sha256);
    bool valid = false;
    for (const QByteArray& known : m_keyHashes)
        valid = sameDigest(digest, known) || valid; // every key compared, whichever matches
    if (valid && !key.isEmpty())
        return true;
    sendError(responder, Status::Unauthorized,
        key.isEmpty() ? QStringLiteral("You didn't provide an API key: send it as 'Authorization: Bearer KEY'")
                      : QStringLiteral("Incorrect API key provided"),
        QStringLiteral("invalid_request_error"), {}, QStringLiteral("invalid_api_key"));
    return false;
}

void ApiServer::setLimits(qsizetype maxBodyBytes, int maxInFlight)
{
    m_maxBodyBytes = maxBodyBytes;
    m_maxInFlight = std::max(1, maxInFlight);
}

QString ApiServer::modelId() const
{
    return m_model.displayName();
}

std::optional<QJsonObject> ApiServer::openRequest(const QHttpServerRequest& request, QHttpServerResponder& responder)
{
    if (request.body().size() > m_maxBodyBytes) {
        sendError(responder, Status::PayloadTooLarge,
            QStringLiteral("The request body has %1 bytes; this server takes at most %2")
                .arg(request.body().size())
                .arg(m_maxBodyBytes),
            QStringLiteral("invalid_request_error"));
        return std::nullopt;
    }
    if (m_inFlight >= m_maxInFlight) {
        responder.write(errorBody(QStringLiteral("The server is busy with %1 requests; retry shortly").arg(m_inFlight),
                            QStringLiteral("server_error"), {}, QStringLiteral("server_busy")),
            { { "Retry-After", "1" } }, Status::ServiceUnavailable);
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    if (!document.isObject()) {
        sendError(responder, Status::BadRequest,
            QStringLiteral("The body is not a JSON object: %1").arg(parseError.errorString()),
            QStringLiteral("invalid_request_error"));
        return std::nullopt;
    }
    const QJsonObject body = document.object();
    const QString model = body.value(QStringLiteral("model")).toString();
    if (m_model.state() != LocalModel::State::Ready) {
        sendError(responder, Status::ServiceUnavailable, QStringLiteral("No model is loaded yet"),
            QStringLiteral("server_error"));
        return std::nullopt;
    }
    if (model != modelId()) {
        sendError(responder, Status::NotFound,
            QStringLiteral("The model '%1' does not exist; this server has '%2'").arg(model, modelId()),
            QStringLiteral("invalid_request_error"), QStringLiteral("model"), QStringLiteral("model_not_found"));
        return std::nullopt;
    }
    return body;
}

void ApiServer::chatCompletions(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    const auto body = openRequest(request, responder);
    if (!body)
        return;
    const QJsonArray messages = body->value(QStringLiteral("messages")).toArray();
    if (messages.isEmpty()) {
        sendError(responder, Status::BadRequest, QStringLiteral("'messages' must be a non-empty list of messages"),
            QStringLiteral("invalid_request_error"), QStringLiteral("messages"));
        return;
    }
    ChatRequest chat;
    for (const QJsonValue& value : messages) {
        const QJsonObject object = value.toObject();
        const QString role = object.value(QStringLiteral("role")).toString();
        if (role == QLatin1String("system")) {
            chat.systemPrompt += openAiContentText(object.value(QStringLiteral("content")));
            continue;
        }
        if (role != QLatin1String("user") && role != QLatin1String("assistant")) {
            sendError(responder, Status::BadRequest, QStringLiteral("Unsupported message role '%1'").arg(role),
                QStringLiteral("invalid_request_error"), QStringLiteral("messages"));
            return;
        }
        ChatMessage message;
        message.role = role;
        message.content = openAiContentText(object.value(QStringLiteral("content")));
        chat.messages.append(message);
    }
    answer(chat, *body, std::move(responder), Kind::Chat);
}

void ApiServer::completions(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    const auto body = openRequest(request, responder);
    if (!body)
        return;
    // One prompt per request: a list of one is accepted, as clients send it.
    QJsonValue prompt = body->value(QStringLiteral("prompt"));
    if (prompt.isArray() && prompt.toArray().size() == 1)
        prompt = prompt.toArray().first();
    if (!prompt.isString() || prompt.toString().isEmpty()) {
        sendError(responder, Status::BadRequest,
            QStringLiteral("'prompt' must be one non-empty string (send one request per prompt)"),
            QStringLiteral("invalid_request_error"), QStringLiteral("prompt"));
        return;
    }
    ChatRequest completion;
    completion.rawPrompt = prompt.toString();
    answer(completion, *body, std::move(responder), Kind::Text);
}

void ApiServer::answer(ChatRequest request, const QJsonObject& body, QHttpServerResponder&& responder, Kind kind)
{
    if (const QString problem = readParameters(body, request); !problem.isEmpty()) {
        sendError(responder, Status::BadRequest, problem.section(QLatin1Char('|'), 1),
            QStringLiteral("invalid_request_error"), problem.section(QLatin1Char('|'), 0, 0));
        return;
    }
    const bool chat = kind == Kind::Chat;
    const QString id
        = (chat ? QStringLiteral("chatcmpl-") : QStringLiteral("cmpl-")) + QUuid::createUuid().toString(QUuid::Id128);
    const qint64 created = QDateTime::currentSecsSinceEpoch();
    const QString modelName = modelId();
    // The envelope every response object and chunk shares.
    const auto envelope = [id, created, modelName](const QString& object, const QJsonArray& choices) {
        return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("object"), object },
            { QStringLiteral("created"), created }, { QStringLiteral("model"), modelName },
            { QStringLiteral("choices"), choices } };
    };
    ChatReply* reply = m_backend.start(request, this);
    ++m_inFlight;
    connect(reply, &QObject::destroyed, this, [this] { --m_inFlight; });

    if (!body.value(QStringLiteral("stream")).toBool()) {
        // The responder outlives this handler: moved into the reply's finish.
        auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
        if (QTcpSocket* socket = held->socket())
            connect(socket, &QTcpSocket::disconnected, reply, &ChatReply::cancel);
        connect(reply, &ChatReply::finished, this, [reply, held, chat, envelope](const ReplyStats& stats) {
            reply->deleteLater();
            if (!held->socket() || held->socket()->state() != QAbstractSocket::ConnectedState)
                return;
            if (stats.finishReason == QLatin1String("error")) {
                sendError(*held, Status::BadRequest, stats.error, QStringLiteral("invalid_request_error"));
                return;
            }
            QJsonObject choice { { QStringLiteral("index"), 0 },
                { QStringLiteral("finish_reason"), finishReasonForClient(stats.finishReason) } };
            if (chat)
                choice.insert(QStringLiteral("message"),
                    QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
                        { QStringLiteral("content"), reply->text() } });
            else
                choice.insert(QStringLiteral("text"), reply->text());
            QJsonObject response = envelope(
                chat ? QStringLiteral("chat.completion") : QStringLiteral("text_completion"), QJsonArray { choice });
            response.insert(QStringLiteral("usage"), usageOf(stats));
            sendJson(*held, response);
        });
        return;
    }

    const bool includeUsage
        = body.value(QStringLiteral("stream_options")).toObject().value(QStringLiteral("include_usage")).toBool();
    const QString chunkObject = chat ? QStringLiteral("chat.completion.chunk") : QStringLiteral("text_completion");
    auto* stream = new EventStream(std::move(responder), reply);
    const auto chunk = [chat, chunkObject, envelope](const QString& text, const QJsonValue& finish, bool role = false) {
        QJsonObject choice { { QStringLiteral("index"), 0 }, { QStringLiteral("finish_reason"), finish } };
        if (chat) {
            QJsonObject delta;
            if (role)
                delta.insert(QStringLiteral("role"), QStringLiteral("assistant"));
            if (role || !text.isEmpty())
                delta.insert(QStringLiteral("content"), text);
            choice.insert(QStringLiteral("delta"), delta);
        } else {
            choice.insert(QStringLiteral("text"), text);
        }
        return QJsonDocument(envelope(chunkObject, QJsonArray { choice })).toJson(QJsonDocument::Compact);
    };
    if (chat)
        stream->send(chunk(QString(), QJsonValue::Null, true));
    // A client that goes away stops its generation at once.
    connect(stream, &EventStream::clientGone, reply, &ChatReply::cancel);
    connect(reply, &ChatReply::textArrived, stream,
        [stream, chunk](const QString& text) { stream->send(chunk(text, QJsonValue::Null)); });
    connect(reply, &ChatReply::finished, stream,
        [reply, stream, chunk, includeUsage, envelope, chunkObject](const ReplyStats& stats) {
            if (stats.finishReason == QLatin1String("error")) {
                stream->send(errorBody(stats.error, QStringLiteral("server_error")).toJson(QJsonDocument::Compact));
            } else {
                stream->send(chunk(QString(), finishReasonForClient(stats.finishReason)));
                if (includeUsage) {
                    QJsonObject usage = envelope(chunkObject, QJsonArray());
                    usage.insert(QStringLiteral("usage"), usageOf(stats));
                    stream->send(QJsonDocument(usage).toJson(QJsonDocument::Compact));
                }
            }
            stream->send("[DONE]");
            stream->close();
            reply->deleteLater();
        });
}

} // namespace hearth::app
