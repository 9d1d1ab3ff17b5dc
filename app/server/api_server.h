#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>

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

private:
    void chatCompletions(const QHttpServerRequest& request, QHttpServerResponder&& responder);

    LocalModel& m_model;
    ChatBackend& m_backend;
    std::unique_ptr<QHttpServer> m_http;
    QString m_error;
};

} // namespace hearth::app
