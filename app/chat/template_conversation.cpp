#include "app/chat/template_conversation.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "app/chat/openai_messages.h"

namespace hearth::app {

namespace {

nlohmann::ordered_json jsonOf(const QJsonValue& value)
{
    const QByteArray text = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return nlohmann::ordered_json::parse(text.constData(), text.constData() + text.size())[0];
}

// An OpenAI message as chat templates read it: text content, and tool-call
// arguments as objects (OpenAI sends them as JSON text). Harmony's template
// (gpt-oss) needs text where OpenAI sends null content with tool calls.
nlohmann::ordered_json templateMessage(const QJsonObject& message, bool harmony)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    out["role"] = message.value(QStringLiteral("role")).toString().toStdString();
    const QJsonValue content = message.value(QStringLiteral("content"));
    out["content"] = content.isNull() || content.isUndefined()
        ? (harmony ? nlohmann::ordered_json("") : nlohmann::ordered_json())
        : nlohmann::ordered_json(openAiContentText(content).toStdString());
    // Reasoning a client sends back (llama.cpp's field) is harmony's "thinking".
    if (harmony && message.value(QStringLiteral("reasoning_content")).isString())
        out["thinking"] = message.value(QStringLiteral("reasoning_content")).toString().toStdString();
    for (const char* key : { "name", "tool_call_id" })
        if (message.value(QLatin1String(key)).isString())
            out[key] = message.value(QLatin1String(key)).toString().toStdString();
    if (message.value(QStringLiteral("tool_calls")).isArray()) {
        auto calls = nlohmann::ordered_json::array();
        for (const auto& value : message.value(QStringLiteral("tool_calls")).toArray()) {
            QJsonObject call = value.toObject();
            QJsonObject function = call.value(QStringLiteral("function")).toObject();
            const QJsonDocument arguments
                = QJsonDocument::fromJson(function.value(QStringLiteral("arguments")).toString().toUtf8());
            if (arguments.isObject())
                function.insert(QStringLiteral("arguments"), arguments.object());
            call.insert(QStringLiteral("function"), function);
            calls.push_back(jsonOf(call));
        }
        out["tool_calls"] = calls;
    }
    return out;
}

} // namespace

nlohmann::ordered_json templateConversation(const ChatRequest& request, bool harmony)
{
    auto messages = nlohmann::ordered_json::array();
    if (!request.openAiMessages.isEmpty()) {
        for (const auto& message : request.openAiMessages)
            messages.push_back(templateMessage(message.toObject(), harmony));
    } else {
        if (!request.systemPrompt.trimmed().isEmpty())
            messages.push_back({ { "role", "system" }, { "content", request.systemPrompt.toStdString() } });
        for (const auto& message : request.messages)
            messages.push_back(
                { { "role", message.role.toStdString() }, { "content", message.content.toStdString() } });
    }
    nlohmann::ordered_json conversation { { "messages", messages } };
    if (!request.tools.isEmpty())
        conversation["tools"] = jsonOf(request.tools);
    if (!request.sampling.reasoningEffort.isEmpty())
        conversation["reasoning_effort"] = request.sampling.reasoningEffort.toStdString();
    return conversation;
}

} // namespace hearth::app
