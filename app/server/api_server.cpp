#include "app/server/api_server.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QUuid>

#include "app/chat/chat_backend.h"
#include "app/chat/chat_reply.h"
#include "app/chat/openai_messages.h"
#include "app/http/http_responder.h"
#include "app/http/http_server.h"
#include "app/inference/local_embeddings.h"
#include "app/inference/local_model.h"
#include "app/server/api_exchange.h"
#include "app/server/completion_answer.h"
#include "app/server/completion_request.h"
#include "engine/model/model.h"

namespace hearth::app {

namespace {

// Messages to API clients stay in English, as OpenAI's do: programs read
// them, whatever language the window speaks.

// "localhost", "127.0.0.1" or "[::1]", with a port or not.
bool isLoopbackHost(const QByteArray& host)
{
    QByteArray name = host.trimmed();
    if (name.isEmpty())
        return true; // an HTTP/1.0 client's; a browser always names the host
    if (name.startsWith('['))
        name = name.mid(1, name.indexOf(']') - 1);
    else if (const qsizetype colon = name.lastIndexOf(':'); colon >= 0)
        name = name.left(colon);
    if (name.compare("localhost", Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(QString::fromLatin1(name));
    return !address.isNull() && address.isLoopback();
}

bool isJsonContentType(const QByteArray& value)
{
    const QByteArray type = value.split(';').first().trimmed().toLower();
    return type == "application/json" || type.endsWith("+json");
}

QJsonObject modelObject(const QString& id)
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("object"), QStringLiteral("model") },
        { QStringLiteral("created"), 0 }, { QStringLiteral("owned_by"), QStringLiteral("hearth") } };
}

void sendBadRequest(ApiExchange& exchange, const FieldError& error)
{
    exchange.sendError(400, error.message, QStringLiteral("invalid_request_error"), error.param);
}

QByteArray errorJson(const QString& message, const QString& type, const QString& code = {})
{
    return QJsonDocument(openAiError(message, type, {}, code)).toJson(QJsonDocument::Compact);
}

// The errors the HTTP layer sends itself, in OpenAI's shape.
HttpAnswer httpLayerError(int status, const QString& message)
{
    const QString code = status == 408   ? QStringLiteral("request_timeout")
        : status == 413                  ? QStringLiteral("body_too_large")
        : status == 414 || status == 431 ? QStringLiteral("request_too_large")
        : status == 503                  ? QStringLiteral("too_many_connections")
                                         : QString();
    return { status, "application/json",
        errorJson(
            message, status >= 500 ? QStringLiteral("server_error") : QStringLiteral("invalid_request_error"), code),
        status == 503 ? HttpHeaders { { "Retry-After", "1" } } : HttpHeaders {} };
}

} // namespace

ApiServer::ApiServer(LocalModel& model, ChatBackend& backend, QObject* parent)
    : QObject(parent)
    , m_model(model)
    , m_backend(backend)
    , m_http(std::make_unique<HttpServer>(this))
{
    HttpHandlers handlers;
    handlers.vetHead = [this](HttpRequest& head) { return vetHead(head); };
    handlers.answer
        = [this](const HttpRequest& request, HttpResponder responder) { route(request, std::move(responder)); };
    handlers.errorAnswer = &httpLayerError;
    m_http->setHandlers(std::move(handlers));
    setLimits(m_maxBodyBytes, m_maxInFlight);
}

void ApiServer::route(const HttpRequest& request, HttpResponder&& responder)
{
    const QString path = request.url.path();
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    static const QString modelsPrefix = QStringLiteral("/v1/models/");
    if (request.method == "OPTIONS")
        preflight(request, std::move(responder));
    else if (get && path == QLatin1String("/health"))
        health(request, std::move(responder));
    else if (get && path == QLatin1String("/metrics"))
        metrics(request, std::move(responder));
    else if (get && path == QLatin1String("/v1/models"))
        models(request, std::move(responder), {});
    else if (get && path.startsWith(modelsPrefix) && path.size() > modelsPrefix.size())
        models(request, std::move(responder), path.mid(modelsPrefix.size()));
    else if (post && path == QLatin1String("/v1/completions"))
        completions(request, std::move(responder), Kind::Text);
    else if (post && path == QLatin1String("/v1/chat/completions"))
        completions(request, std::move(responder), Kind::Chat);
    else if (post && path == QLatin1String("/v1/embeddings"))
        embeddings(request, std::move(responder));
    else {
        const auto exchange = open(request, std::move(responder));
        exchange->sendError(404,
            QStringLiteral("Unknown request: %1 %2").arg(exchange->record().method, exchange->record().path),
            QStringLiteral("invalid_request_error"), {}, QStringLiteral("unknown_url"));
    }
}

void ApiServer::health(const HttpRequest& request, HttpResponder&& responder)
{
    const auto exchange = open(request, std::move(responder));
    const auto state = m_model.state();
    const QString status = state == LocalModel::State::Ready ? QStringLiteral("ready")
        : state == LocalModel::State::Loading                ? QStringLiteral("loading")
                                                             : QStringLiteral("no_model");
    exchange->sendJson({ { QStringLiteral("status"), status } }, state == LocalModel::State::Ready ? 200 : 503);
}

void ApiServer::metrics(const HttpRequest& request, HttpResponder&& responder)
{
    const auto exchange = open(request, std::move(responder));
    std::optional<EngineStats> engine;
    if (const auto loaded = m_model.engine())
        engine = loaded->stats();
    exchange->send(m_metrics.prometheusText(engine, m_inFlight), "text/plain; version=0.0.4; charset=utf-8");
}

void ApiServer::models(const HttpRequest& request, HttpResponder&& responder, const QString& id)
{
    const auto exchange = open(request, std::move(responder));
    const bool ready = m_model.state() == LocalModel::State::Ready;
    if (id.isEmpty()) {
        QJsonArray data;
        if (ready)
            data.append(modelObject(modelId()));
        exchange->sendJson({ { QStringLiteral("object"), QStringLiteral("list") }, { QStringLiteral("data"), data } });
    } else if (ready && id == modelId()) {
        exchange->sendJson(modelObject(id));
    } else {
        exchange->sendError(404, QStringLiteral("The model '%1' does not exist").arg(id),
            QStringLiteral("invalid_request_error"), QStringLiteral("model"), QStringLiteral("model_not_found"));
    }
}

ApiServer::~ApiServer()
{
    // Answers still running cancel as they go, while the count they update exists.
    qDeleteAll(findChildren<ChatReply*>(Qt::FindDirectChildrenOnly));
}

quint16 ApiServer::listen(const QHostAddress& address, quint16 port)
{
    m_loopbackOnly = address.isLoopback() || address == QHostAddress::LocalHost;
    const quint16 bound = m_http->listen(address, port);
    if (!bound)
        m_error = tr("Cannot listen on %1 port %2: is another server using it?").arg(address.toString()).arg(port);
    return bound;
}

void ApiServer::configure(const ServerConfig& config)
{
    setApiKeys(config.keys);
    setLimits(config.maxBodyBytes, config.maxInFlight);
    m_corsOrigins = config.corsOrigins;
    m_redactor = OutputRedactor(config.redactionPatterns);
    m_recordText = config.recordText;
}

void ApiServer::setApiKeys(const QList<ApiKey>& keys)
{
    m_keys = keys;
}

void ApiServer::setLimits(qsizetype maxBodyBytes, int maxInFlight)
{
    m_maxBodyBytes = maxBodyBytes;
    m_maxInFlight = std::max(1, maxInFlight);
    HttpLimits limits = m_http->limits();
    limits.maxBodyBytes = m_maxBodyBytes;
    // Room for every request the server takes, and for /health and /metrics beside them.
    limits.maxConnectionsPerAddress = m_maxInFlight + 16;
    limits.maxConnections = std::max(limits.maxConnections, limits.maxConnectionsPerAddress);
    m_http->setLimits(limits);
}

void ApiServer::setHttpLimits(const HttpLimits& limits)
{
    m_http->setLimits(limits);
}

HttpLimits ApiServer::httpLimits() const
{
    return m_http->limits();
}

QString ApiServer::modelId() const
{
    return m_model.displayName();
}

HttpHeaders ApiServer::corsHeaders(const HttpRequest& request) const
{
    const QByteArray origin = request.value("Origin");
    if (origin.isEmpty() || m_corsOrigins.isEmpty())
        return {};
    const bool any = m_corsOrigins.contains(QStringLiteral("*"));
    if (!any && !m_corsOrigins.contains(QString::fromUtf8(origin)))
        return {};
    return { { "Access-Control-Allow-Origin", any ? QByteArray("*") : origin }, { "Vary", "Origin" } };
}

std::shared_ptr<ApiExchange> ApiServer::open(const HttpRequest& request, HttpResponder&& responder)
{
    return std::make_shared<ApiExchange>(
        request, std::move(responder), corsHeaders(request), [this](const RequestRecord& record) { finished(record); });
}

void ApiServer::preflight(const HttpRequest& request, HttpResponder&& responder)
{
    auto headers = corsHeaders(request);
    const auto exchange = open(request, std::move(responder));
    if (headers.isEmpty()) {
        exchange->sendError(403, QStringLiteral("This origin may not call the API from a browser"),
            QStringLiteral("invalid_request_error"), {}, QStringLiteral("origin_not_allowed"));
        return;
    }
    const QByteArray asked = request.value("Access-Control-Request-Headers");
    exchange->sendJson({}, 204,
        { { "Access-Control-Allow-Methods", "GET, POST, OPTIONS" },
            { "Access-Control-Allow-Headers", asked.isEmpty() ? QByteArray("Authorization, Content-Type") : asked },
            { "Access-Control-Max-Age", "600" } });
}

void ApiServer::finished(const RequestRecord& record)
{
    m_metrics.record(record);
    for (const ApiKey& key : std::as_const(m_keys))
        if (key.name == record.keyName)
            m_limiter.settle(key, record.heldTokens, record.promptTokens + record.completionTokens,
                QDateTime::currentMSecsSinceEpoch());
    emit requestFinished(record);
}

HttpRefusal ApiServer::refuse(const HttpRequest& head, int status, const QString& message, const QString& type,
    const QString& code, const HttpHeaders& extra, int delayMs)
{
    RequestRecord record;
    record.time = QDateTime::currentDateTimeUtc();
    record.method = QString::fromLatin1(head.method);
    record.path = head.url.path(QUrl::FullyEncoded).left(256);
    record.keyName = head.client;
    record.status = status;
    finished(record);
    return { { status, "application/json", errorJson(message, type, code), corsHeaders(head) + extra }, delayMs };
}

std::optional<HttpRefusal> ApiServer::vetHead(HttpRequest& head)
{
    const QString path = head.url.path();
    if (head.method == "OPTIONS" || path == QLatin1String("/health"))
        return std::nullopt;
    if (m_keys.isEmpty()) {
        // Without keys, being reachable only from this machine is the guard;
        // a web page can still reach 127.0.0.1 through a name that resolves
        // there (DNS rebinding), whose Host header gives it away.
        if (m_loopbackOnly && !isLoopbackHost(head.value("Host")))
            return refuse(head, 403,
                QStringLiteral("This server answers requests for localhost only (Host: %1)")
                    .arg(QString::fromLatin1(head.value("Host").left(256))),
                QStringLiteral("invalid_request_error"), QStringLiteral("host_not_allowed"));
        // A page in the browser may post text/plain or a form to any address
        // without asking first (no CORS preflight); JSON it may not. So a
        // server that trusts its loopback address takes JSON only.
        if (m_loopbackOnly && head.method == "POST" && !isJsonContentType(head.value("Content-Type")))
            return refuse(head, 415,
                QStringLiteral("Send the body as JSON, with 'Content-Type: application/json' (got '%1')")
                    .arg(QString::fromLatin1(head.value("Content-Type").left(128))),
                QStringLiteral("invalid_request_error"), QStringLiteral("unsupported_media_type"));
        return std::nullopt;
    }
    // The scheme's name is case-insensitive (RFC 9110, 11.1): "bearer" is as good.
    const QByteArray header = head.value("Authorization").trimmed();
    const qsizetype space = header.indexOf(' ');
    const bool bearer = space > 0 && header.left(space).compare("Bearer", Qt::CaseInsensitive) == 0;
    const QByteArray secret = bearer ? header.mid(space + 1).trimmed() : QByteArray();
    const ApiKey* holder = nullptr;
    for (const ApiKey& key : std::as_const(m_keys))
        if (key.matches(secret) && !holder) // every key compared, whichever matches
            holder = &key;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!holder)
        return refuse(head, 401,
            secret.isEmpty() ? QStringLiteral("You didn't provide an API key: send it as 'Authorization: Bearer KEY'")
                             : QStringLiteral("Incorrect API key provided"),
            QStringLiteral("invalid_request_error"), QStringLiteral("invalid_api_key"), {},
            m_failedKeys.recordFailure(head.peer, now));
    head.client = holder->name;
    if (const int wait = m_limiter.admit(*holder, now))
        return refuse(head, 429,
            QStringLiteral("Rate limit reached for key '%1' (%2 requests and %3 tokens per minute); retry in %4 s")
                .arg(holder->name)
                .arg(holder->requestsPerMinute)
                .arg(holder->tokensPerMinute)
                .arg(wait),
            QStringLiteral("requests"), QStringLiteral("rate_limit_exceeded"),
            { { "Retry-After", QByteArray::number(wait) } });
    return std::nullopt;
}

bool ApiServer::holdTokens(ChatRequest& chat, ApiExchange& exchange)
{
    const auto key = std::find_if(m_keys.cbegin(), m_keys.cend(),
        [&](const ApiKey& k) { return k.name == exchange.record().keyName && k.tokensPerMinute > 0; });
    if (key == m_keys.cend())
        return true;
    // The prompt's tokens are counted once the engine has it; until then
    // four bytes a token, on the low side, so no request waits for tokens
    // it will not use. What it really used replaces the hold when it ends.
    qsizetype bytes = chat.rawPrompt.toUtf8().size() + chat.systemPrompt.toUtf8().size();
    for (const ChatMessage& message : std::as_const(chat.messages))
        bytes += message.content.toUtf8().size();
    const int prompt = static_cast<int>(std::min<qsizetype>((bytes + 3) / 4, 1 << 30));
    const auto hold
        = m_limiter.hold(*key, prompt, prompt + chat.sampling.maxTokens, QDateTime::currentMSecsSinceEpoch());
    if (hold.waitS != 0) {
        exchange.sendError(429,
            hold.waitS < 0
                ? QStringLiteral("The prompt (about %1 tokens) is more than key '%2' may use in a minute (%3 tokens)")
                      .arg(prompt)
                      .arg(key->name)
                      .arg(key->tokensPerMinute)
                : QStringLiteral("Key '%1' has %2 tokens a minute and they are in use; retry in %3 s")
                      .arg(key->name)
                      .arg(key->tokensPerMinute)
                      .arg(hold.waitS),
            QStringLiteral("tokens"), {}, QStringLiteral("rate_limit_exceeded"),
            hold.waitS > 0 ? HttpHeaders { { "Retry-After", QByteArray::number(hold.waitS) } } : HttpHeaders {});
        return false;
    }
    exchange.record().heldTokens = hold.tokens;
    // The answer ends where the key's minute does.
    chat.sampling.maxTokens = std::max(1, std::min(chat.sampling.maxTokens, hold.tokens - prompt));
    return true;
}

std::optional<QJsonObject> ApiServer::openBody(const HttpRequest& request, ApiExchange& exchange)
{
    if (m_inFlight >= m_maxInFlight) {
        exchange.sendError(503, QStringLiteral("The server is busy with %1 requests; retry shortly").arg(m_inFlight),
            QStringLiteral("server_error"), {}, QStringLiteral("server_busy"), { { "Retry-After", "1" } });
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (!document.isObject()) {
        exchange.sendError(400, QStringLiteral("The body is not a JSON object: %1").arg(parseError.errorString()),
            QStringLiteral("invalid_request_error"));
        return std::nullopt;
    }
    const QJsonObject body = document.object();
    const QString model = body.value(QStringLiteral("model")).toString();
    exchange.record().model = model;
    if (m_model.state() != LocalModel::State::Ready) {
        exchange.sendError(503, QStringLiteral("No model is loaded yet"), QStringLiteral("server_error"));
        return std::nullopt;
    }
    if (model != modelId()) {
        exchange.sendError(404,
            QStringLiteral("The model '%1' does not exist; this server has '%2'").arg(model, modelId()),
            QStringLiteral("invalid_request_error"), QStringLiteral("model"), QStringLiteral("model_not_found"));
        return std::nullopt;
    }
    return body;
}

void ApiServer::completions(const HttpRequest& request, HttpResponder&& responder, Kind kind)
{
    auto exchange = open(request, std::move(responder));
    const auto body = openBody(request, *exchange);
    if (!body)
        return;
    ChatRequest chat;
    const auto problem = kind == Kind::Chat ? readChatMessages(*body, chat) : readTextPrompt(*body, chat);
    if (problem) {
        sendBadRequest(*exchange, *problem);
        return;
    }
    if (const auto wrong = readSamplingFields(*body, chat)) {
        sendBadRequest(*exchange, *wrong);
        return;
    }
    if (const auto wrong = readLogprobFields(*body, kind == Kind::Chat, chat)) {
        sendBadRequest(*exchange, *wrong);
        return;
    }
    if (const auto wrong = readResponseFormat(*body, chat)) {
        sendBadRequest(*exchange, *wrong);
        return;
    }
    if (kind == Kind::Chat) {
        if (const auto wrong = readTools(*body, chat)) {
            sendBadRequest(*exchange, *wrong);
            return;
        }
    }
    if (chat.topLogprobs >= 0 && !m_redactor.isEmpty()) {
        // Tokens and their alternatives would show what redaction hides.
        sendBadRequest(*exchange,
            { QStringLiteral("logprobs"),
                QStringLiteral("This server redacts answers, so it does not give logprobs") });
        return;
    }
    if (!holdTokens(chat, *exchange))
        return;
    if (m_recordText)
        exchange->record().prompt = kind == Kind::Chat
            ? QString::fromUtf8(
                QJsonDocument(body->value(QStringLiteral("messages")).toArray()).toJson(QJsonDocument::Compact))
            : chat.rawPrompt;
    answer(chat, *body, std::move(exchange), kind);
}

void ApiServer::embeddings(const HttpRequest& request, HttpResponder&& responder)
{
    auto exchange = open(request, std::move(responder));
    const auto body = openBody(request, *exchange);
    if (!body)
        return;
    QStringList texts;
    if (const auto wrong = readEmbeddingInput(*body, texts)) {
        sendBadRequest(*exchange, *wrong);
        return;
    }
    const QString format = body->value(QStringLiteral("encoding_format")).toString(QStringLiteral("float"));
    if (format != QLatin1String("float") && format != QLatin1String("base64")) {
        sendBadRequest(*exchange,
            { QStringLiteral("encoding_format"), QStringLiteral("'encoding_format' must be 'float' or 'base64'") });
        return;
    }
    const auto engine = m_model.engine();
    const QJsonValue dimensions = body->value(QStringLiteral("dimensions"));
    if (engine && !dimensions.isUndefined() && !dimensions.isNull()
        && dimensions.toDouble() != engine->model().config().shape.hidden) {
        sendBadRequest(*exchange,
            { QStringLiteral("dimensions"),
                QStringLiteral("This model's embeddings have %1 dimensions")
                    .arg(engine->model().config().shape.hidden) });
        return;
    }
    EmbeddingReply* reply = embedTexts(m_model, texts, this);
    ++m_inFlight;
    connect(reply, &QObject::destroyed, this, [this] { --m_inFlight; });
    if (QTcpSocket* socket = exchange->socket())
        connect(socket, &QTcpSocket::disconnected, reply, &QObject::deleteLater);
    const QString modelName = modelId();
    connect(reply, &EmbeddingReply::finished, this, [reply, exchange, format, modelName] {
        reply->deleteLater();
        exchange->record().promptTokens = reply->promptTokens();
        if (!reply->errorString().isEmpty()) {
            exchange->sendError(reply->errorCode().isEmpty() ? 400 : 422, reply->errorString(),
                QStringLiteral("invalid_request_error"), QStringLiteral("input"), reply->errorCode());
            return;
        }
        QJsonArray data;
        for (qsizetype i = 0; i < reply->vectors().size(); ++i) {
            const QList<float>& vector = reply->vectors()[i];
            QJsonValue embedding;
            if (format == QLatin1String("base64")) {
                // Little-endian float32s, as OpenAI's clients decode them.
                QByteArray bytes(
                    reinterpret_cast<const char*>(vector.constData()), vector.size() * qsizetype(sizeof(float)));
                embedding = QString::fromLatin1(bytes.toBase64());
            } else {
                QJsonArray values;
                for (const float value : vector)
                    values.append(double(value));
                embedding = values;
            }
            data.append(QJsonObject { { QStringLiteral("object"), QStringLiteral("embedding") },
                { QStringLiteral("index"), int(i) }, { QStringLiteral("embedding"), embedding } });
        }
        exchange->sendJson({ { QStringLiteral("object"), QStringLiteral("list") }, { QStringLiteral("data"), data },
            { QStringLiteral("model"), modelName },
            { QStringLiteral("usage"),
                QJsonObject { { QStringLiteral("prompt_tokens"), reply->promptTokens() },
                    { QStringLiteral("total_tokens"), reply->promptTokens() } } } });
    });
}

void ApiServer::answer(ChatRequest request, const QJsonObject& body, std::shared_ptr<ApiExchange> exchange, Kind kind)
{
    AnswerShape shape;
    shape.chat = kind == Kind::Chat;
    shape.logprobs = request.topLogprobs >= 0;
    shape.tools = !request.tools.isEmpty();
    shape.includeUsage
        = body.value(QStringLiteral("stream_options")).toObject().value(QStringLiteral("include_usage")).toBool();
    shape.recordText = m_recordText;
    shape.id = (shape.chat ? QStringLiteral("chatcmpl-") : QStringLiteral("cmpl-"))
        + QUuid::createUuid().toString(QUuid::Id128);
    shape.created = QDateTime::currentSecsSinceEpoch();
    shape.model = modelId();
    shape.redactor = m_redactor;
    if (!m_redactor.isEmpty()) {
        shape.stopsAfterRedaction = request.stop;
        request.stop.clear();
    }
    ChatReply* reply = m_backend.start(request, this);
    ++m_inFlight;
    connect(reply, &QObject::destroyed, this, [this] { --m_inFlight; });
    if (body.value(QStringLiteral("stream")).toBool())
        streamAnswer(reply, std::move(exchange), shape);
    else
        sendWholeAnswer(reply, std::move(exchange), shape);
}

} // namespace hearth::app
