#pragma once

#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace hearth::app {

class ChatBackend;
struct ChatRequest;
class LocalModel;

// The OpenAI-compatible API over the model loaded in this process:
// GET /health, GET /v1/models[/{id}], POST /v1/chat/completions and
// POST /v1/completions (a raw prompt), streamed as Server-Sent Events or whole. Errors are OpenAI's shape:
// {"error": {"message", "type", "param", "code"}}.
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

    // With keys set, every route but /health needs "Authorization: Bearer
    // KEY" with one of them (401 otherwise). Only their SHA-256 is kept.
    void setApiKeys(const QStringList& keys);

    // Larger bodies get 413; beyond `maxInFlight` requests at once (answering
    // or waiting for the engine) new ones get 503 with Retry-After.
    void setLimits(qsizetype maxBodyBytes, int maxInFlight);
    int requestsInFlight() const { return m_inFlight; }
    bool requiresKey() const { return !m_keyHashes.isEmpty(); }

private:
    enum class Kind { Chat, Text }; // /v1/chat/completions or /v1/completions

    // The body, when it is a JSON object naming the loaded model; else the error is sent.
    std::optional<QJsonObject> openRequest(const QHttpServerRequest& request, QHttpServerResponder& responder);
    void chatCompletions(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    void completions(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    // Checks the sampling fields, then answers whole or streamed.
    void answer(ChatRequest request, const QJsonObject& body, QHttpServerResponder&& responder, Kind kind);
    // false (and a 401 sent) when a key is needed and this request lacks a valid one.
    bool authorized(const QHttpServerRequest& request, QHttpServerResponder& responder) const;

    LocalModel& m_model;
    ChatBackend& m_backend;
    std::unique_ptr<QHttpServer> m_http;
    QString m_error;
    QList<QByteArray> m_keyHashes;
    qsizetype m_maxBodyBytes = 8 << 20;
    int m_maxInFlight = 64;
    int m_inFlight = 0;
};

} // namespace hearth::app
