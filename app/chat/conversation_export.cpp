#include "app/chat/conversation_export.h"

#include "app/chat/openai_messages.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hearth::app {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ConversationExport", text);
}

} // namespace

QString conversationToMarkdown(const Conversation& conversation, const QList<ChatMessage>& messages)
{
    QString out = QStringLiteral("# %1\n\n").arg(conversation.title.isEmpty() ? tr("Chat") : conversation.title);
    if (!conversation.systemPrompt.trimmed().isEmpty())
        out += QStringLiteral("> **%1:** %2\n\n").arg(tr("System prompt"), conversation.systemPrompt.trimmed());
    for (const ChatMessage& message : messages) {
        const bool user = message.role == QLatin1String("user");
        out += QStringLiteral("## %1\n\n").arg(user ? tr("You") : tr("Assistant"));
        if (!message.reasoning.isEmpty())
            out += QStringLiteral("<details><summary>%1</summary>\n\n%2\n\n</details>\n\n")
                       .arg(tr("Reasoning"), message.reasoning);
        out += message.content.trimmed() + QStringLiteral("\n\n");
    }
    return out;
}

QByteArray conversationToJson(const Conversation& conversation, const QList<ChatMessage>& messages)
{
    const QJsonObject root {
        { QStringLiteral("title"), conversation.title },
        { QStringLiteral("messages"), openAiMessages(conversation.systemPrompt, messages) },
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

ImportedConversation conversationFromJson(const QByteArray& json)
{
    ImportedConversation result;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull()) {
        result.error = tr("not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset);
        return result;
    }
    QJsonArray messages;
    if (document.isArray()) {
        messages = document.array();
    } else {
        const QJsonObject root = document.object();
        if (!root.value(QStringLiteral("messages")).isArray()) {
            result.error = tr("no \"messages\" list: expected OpenAI chat messages");
            return result;
        }
        messages = root.value(QStringLiteral("messages")).toArray();
        result.conversation.title = root.value(QStringLiteral("title")).toString();
    }
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonObject object = messages[i].toObject();
        const QString role = object.value(QStringLiteral("role")).toString();
        const QString content = openAiContentText(object.value(QStringLiteral("content")));
        if (role == QLatin1String("system")) {
            result.conversation.systemPrompt
                += (result.conversation.systemPrompt.isEmpty() ? QString() : QStringLiteral("\n")) + content;
            continue;
        }
        if (role != QLatin1String("user") && role != QLatin1String("assistant")) {
            result.error = tr("message %1 has the role \"%2\": only system, user and assistant can be imported")
                               .arg(i + 1)
                               .arg(role);
            return result;
        }
        ChatMessage message;
        message.role = role;
        message.content = content;
        result.messages.append(message);
    }
    if (result.messages.isEmpty())
        result.error = tr("there are no user or assistant messages to import");
    return result;
}

qint64 addImportedConversation(ConversationStore& store, const ImportedConversation& imported)
{
    if (!imported.error.isEmpty())
        return 0;
    const qint64 id = store.create(imported.conversation.title);
    if (!id)
        return 0;
    if (!imported.conversation.systemPrompt.isEmpty())
        store.setSystemPrompt(id, imported.conversation.systemPrompt);
    for (const ChatMessage& message : imported.messages)
        if (!store.appendMessage(id, message))
            return 0;
    return id;
}

} // namespace hearth::app
