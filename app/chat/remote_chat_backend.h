#pragma once

#include <QString>
#include <QUrl>

#include "app/chat/chat_backend.h"

class QNetworkAccessManager;

namespace hearth::app {

// An OpenAI-compatible endpoint the chat can use instead of the model in
// this process: a team's vLLM cluster, another Hearth, Ollama, a gateway.
struct RemoteEndpoint {
    QString name; // what the picker shows
    QUrl baseUrl; // up to and including /v1: http://gpu-box:8000/v1
    QString model; // the "model" the endpoint expects
    QString apiKey; // sent as a bearer token when set

    bool operator==(const RemoteEndpoint&) const = default;
};

// Streams answers from POST {baseUrl}/chat/completions with Server-Sent
// Events, as the official clients do; the endpoint's errors come back in
// its own words.
class RemoteChatBackend : public ChatBackend {
    Q_OBJECT
public:
    explicit RemoteChatBackend(QObject* parent = nullptr);

    void setEndpoint(const RemoteEndpoint& endpoint);
    RemoteEndpoint endpoint() const { return m_endpoint; }

    ChatReply* start(const ChatRequest& request, QObject* parent) override;
    QString name() const override;
    QString unavailableReason() const override;

private:
    RemoteEndpoint m_endpoint;
    QNetworkAccessManager* m_network = nullptr;
};

} // namespace hearth::app
