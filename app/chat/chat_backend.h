#pragma once

#include <QObject>
#include <QString>

#include "app/chat/chat_request.h"

namespace hearth::app {

class ChatReply;

// Where a conversation's answers come from: the model loaded in this process,
// or any OpenAI-compatible endpoint. The chat window does not know which.
class ChatBackend : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // A reply owned by `parent`; one that cannot start finishes with an error.
    virtual ChatReply* start(const ChatRequest& request, QObject* parent) = 0;
    // What to show where the model's name goes.
    virtual QString name() const = 0;
    // Empty when ready; else why not, in the user's words.
    virtual QString unavailableReason() const = 0;

signals:
    void availabilityChanged();
};

} // namespace hearth::app
