#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "app/chat/conversation_store.h"

namespace hearth::app {

// A conversation as Markdown, for reading and sharing: the title, the system
// prompt, then each turn under its speaker, reasoning folded in <details>.
QString conversationToMarkdown(const Conversation& conversation, const QList<ChatMessage>& messages);

// A conversation as OpenAI chat messages: {"title", "messages": [{role,
// content}]}, the system prompt first. What other tools and Hearth's own
// import read.
QByteArray conversationToJson(const Conversation& conversation, const QList<ChatMessage>& messages);

struct ImportedConversation {
    Conversation conversation; // title and system prompt
    QList<ChatMessage> messages;
    QString error; // empty when it parsed
};

// Reads conversationToJson's format, or a bare array of messages, or an
// object with "messages" (a request body). Roles other than system, user and
// assistant are refused with the message's index; a system message becomes
// the system prompt; content given as parts keeps its text parts.
ImportedConversation conversationFromJson(const QByteArray& json);

// Adds an import to the store; returns the new conversation's id, 0 on failure.
qint64 addImportedConversation(ConversationStore& store, const ImportedConversation& imported);

} // namespace hearth::app
