#include "app/chat/openai_messages.h"

#include <QJsonObject>
#include <QStringList>

namespace hearth::app {

QJsonArray openAiMessages(const QString& systemPrompt, const QList<ChatMessage>& messages)
{
    QJsonArray list;
    if (!systemPrompt.trimmed().isEmpty())
        list.append(QJsonObject {
            { QStringLiteral("role"), QStringLiteral("system") }, { QStringLiteral("content"), systemPrompt } });
    for (const ChatMessage& message : messages)
        list.append(
            QJsonObject { { QStringLiteral("role"), message.role }, { QStringLiteral("content"), message.content } });
    return list;
}

QString openAiContentText(const QJsonValue& content)
{
    if (content.isString())
        return content.toString();
    QStringList texts;
    for (const auto& part : content.toArray())
        if (part.toObject().value(QStringLiteral("type")).toString() == QLatin1String("text"))
            texts << part.toObject().value(QStringLiteral("text")).toString();
    return texts.join(QLatin1Char('\n'));
}

} // namespace hearth::app
