#pragma once

#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

#include "app/http/http_connection.h"
#include "app/http/http_request.h"
#include "app/server/failed_key_attempts.h"
#include "app/server/output_redactor.h"
#include "app/server/rate_limiter.h"
#include "app/server/request_record.h"
#include "app/server/server_config.h"
#include "app/server/server_metrics.h"

namespace hearth::app {

class ApiExchange;
class HttpResponder;
class HttpServer;
class ChatBackend;
struct ChatRequest;
class LocalModel;

// The OpenAI-compatible API over the model loaded in this process:
// GET /health, GET /metrics, GET /v1/models[/{id}], POST /v1/chat/completions
// and POST /v1/completions (streamed as Server-Sent Events or whole), and
// POST /v1/embeddings (mean-pooled, normalised final hidden states). Errors
// are OpenAI's shape: {"error": {"message", "type", "param", "code"}}.
// Lives on one thread (ServerThread gives it its own).
class ApiServer : public QObject {
    Q_OBJECT
public:
    // Answers go through `backend` (the same engine as the chat window).
    ApiServer(LocalModel& model, ChatBackend& backend, QObject* parent = nullptr);
    ~ApiServer() override;

    // The port listened on (a free one when `port` is 0), or 0 with errorString().
    quint16 listen(const QHostAddress& address, quint16 port);
    QString errorString() const { return m_error; }

    // The id clients use in "model": the loaded file's name.
    QString modelId() const;

    // Everything in `config` but where to listen.
    void configure(const ServerConfig& config);
    // With keys set, every route but /health needs "Authorization: Bearer
    // KEY" with one of them (401 otherwise); each key's limits give 429.
    // Both are decided from the request's head, before its body is read.
    void setApiKeys(const QList<ApiKey>& keys);
    // Larger bodies get 413; beyond `maxInFlight` requests at once (answering
    // or waiting for the engine) new ones get 503 with Retry-After. One
    // address may hold `maxInFlight` + 16 connections. For connections
    // opened from now on.
    void setLimits(qsizetype maxBodyBytes, int maxInFlight);
    // The HTTP layer's own limits (timeouts, sizes), for connections opened from now on.
    void setHttpLimits(const HttpLimits& limits);
    HttpLimits httpLimits() const;
    int requestsInFlight() const { return m_inFlight; }
    bool requiresKey() const { return !m_keys.isEmpty(); }
    const ServerMetrics& metrics() const { return m_metrics; }

signals:
    // Every request, once answered (or abandoned by its client).
    void requestFinished(const hearth::app::RequestRecord& record);

private:
    enum class Kind { Chat, Text }; // /v1/chat/completions or /v1/completions

    std::shared_ptr<ApiExchange> open(const HttpRequest& request, HttpResponder&& responder);
    void route(const HttpRequest& request, HttpResponder&& responder);
    // Before the body: the host, the key and its request rate, the content
    // type. Names the key's holder in `head.client`; a refusal is recorded.
    std::optional<HttpRefusal> vetHead(HttpRequest& head);
    HttpRefusal refuse(const HttpRequest& head, int status, const QString& message, const QString& type,
        const QString& code, const HttpHeaders& extra = {}, int delayMs = 0);
    // Holds the tokens a generating request may use against its key's
    // tokens per minute, and caps its max_tokens to them; false (and 429
    // sent) when they are not free.
    bool holdTokens(ChatRequest& chat, ApiExchange& exchange);
    // The body, when it is a JSON object naming the loaded model; else the error is sent.
    std::optional<QJsonObject> openBody(const HttpRequest& request, ApiExchange& exchange);
    void health(const HttpRequest& request, HttpResponder&& responder);
    void metrics(const HttpRequest& request, HttpResponder&& responder);
    void models(const HttpRequest& request, HttpResponder&& responder, const QString& id);
    void completions(const HttpRequest& request, HttpResponder&& responder, Kind kind);
    void embeddings(const HttpRequest& request, HttpResponder&& responder);
    void answer(ChatRequest request, const QJsonObject& body, std::shared_ptr<ApiExchange> exchange, Kind kind);
    void preflight(const HttpRequest& request, HttpResponder&& responder);
    void finished(const RequestRecord& record);
    HttpHeaders corsHeaders(const HttpRequest& request) const;

    LocalModel& m_model;
    ChatBackend& m_backend;
    std::unique_ptr<HttpServer> m_http;
    QString m_error;
    QList<ApiKey> m_keys;
    RateLimiter m_limiter;
    FailedKeyAttempts m_failedKeys;
    ServerMetrics m_metrics;
    OutputRedactor m_redactor { QStringList() };
    QStringList m_corsOrigins;
    bool m_recordText = false;
    qsizetype m_maxBodyBytes = 8 << 20;
    int m_maxInFlight = 64;
    int m_inFlight = 0;
    bool m_loopbackOnly = false; // listening on a loopback address
};

} // namespace hearth::app
