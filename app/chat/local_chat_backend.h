#pragma once

#include "app/chat/chat_backend.h"

namespace hearth::app {

class LocalModel;

// Answers with the model loaded in this process, through its engine's
// scheduler, beside the API server's requests.
class LocalChatBackend : public ChatBackend {
    Q_OBJECT
public:
    explicit LocalChatBackend(LocalModel& model, QObject* parent = nullptr);

    ChatReply* start(const ChatRequest& request, QObject* parent) override;
    QString name() const override;
    QString unavailableReason() const override;

private:
    LocalModel& m_model;
};

} // namespace hearth::app
