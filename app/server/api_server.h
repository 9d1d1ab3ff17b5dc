#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace hearth::app {

class ChatBackend;
class LocalModel;

// The OpenAI-compatible API over the model loaded in this process:
// GET /health, GET /v1/models[/{id}] and POST /v1/chat/completions
// (streamed as Server-Sent Events or whole). Errors are OpenAI's shape:
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
    bool requiresKey() const { return !m_keyHashes.isEmpty(); }

private:
    void chatCompletions(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    // false (and a 401 sent) when a key is needed and this request lacks a valid one.
    bool authorized(const QHttpServerRequest& request, QHttpServerResponder& responder) const;

    LocalModel& m_model;
    ChatBackend& m_backend;
    std::unique_ptr<QHttpServer> m_http;
    QString m_error;
    QList<QByteArray> m_keyHashes;
};

} // namespace hearth::app
