#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>

#include "app/chat/conversation_store.h"

namespace hearth::app {

// OpenAI's chat messages, as the export, remote endpoints and the API server
// read and write them.

// [{role, content}], the system prompt first when there is one.
QJsonArray openAiMessages(const QString& systemPrompt, const QList<ChatMessage>& messages);

// A message's content as text: a string, or the text parts of a list of
// parts (images and other parts are left out).
QString openAiContentText(const QJsonValue& content);

} // namespace hearth::app
