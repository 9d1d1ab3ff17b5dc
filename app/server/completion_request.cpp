#include "app/server/completion_request.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <nlohmann/json.hpp>

#include <cmath>

#include "app/chat/openai_messages.h"
#include "engine/grammar/json_schema.h"

namespace hearth::app {

namespace {

// A number in [low, high] at `key`, or `fallback` when absent; nullopt when
// present but not such a number.
std::optional<double> number(const QJsonObject& body, const QString& key, double low, double high, double fallback)
{
    const QJsonValue value = body.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isDouble() || value.toDouble() < low || value.toDouble() > high)
        return std::nullopt;
    return value.toDouble();
}

} // namespace

std::optional<FieldError> readSamplingFields(const QJsonObject& body, ChatRequest& chat)
{
    const auto invalid = [](const QString& param, const QString& message) { return FieldError { param, message }; };
    const auto temperature = number(body, QStringLiteral("temperature"), 0.0, 2.0, 1.0);
    if (!temperature)
        return invalid(QStringLiteral("temperature"), QStringLiteral("'temperature' must be a number from 0 to 2"));
    const auto topP = number(body, QStringLiteral("top_p"), 0.0, 1.0, 1.0);
    if (!topP)
        return invalid(QStringLiteral("top_p"), QStringLiteral("'top_p' must be a number from 0 to 1"));
    const QString lengthKey = body.contains(QStringLiteral("max_completion_tokens"))
        ? QStringLiteral("max_completion_tokens")
        : QStringLiteral("max_tokens");
    const auto maxTokens = number(body, lengthKey, 1, 1 << 20, chat.sampling.maxTokens);
    if (!maxTokens || *maxTokens != std::floor(*maxTokens))
        return invalid(lengthKey, QStringLiteral("'%1' must be a whole number of at least 1").arg(lengthKey));
    const auto presence = number(body, QStringLiteral("presence_penalty"), -2.0, 2.0, 0.0);
    if (!presence)
        return invalid(QStringLiteral("presence_penalty"), QStringLiteral("'presence_penalty' must be from -2 to 2"));
    const auto frequency = number(body, QStringLiteral("frequency_penalty"), -2.0, 2.0, 0.0);
    if (!frequency)
        return invalid(QStringLiteral("frequency_penalty"), QStringLiteral("'frequency_penalty' must be from -2 to 2"));
    const auto n = number(body, QStringLiteral("n"), 1, 1, 1);
    if (!n)
        return invalid(QStringLiteral("n"), QStringLiteral("Only n=1 is supported: send one request per answer"));
    const QJsonValue seed = body.value(QStringLiteral("seed"));
    // Whole numbers a double holds exactly (and an int64 too).
    constexpr double largestSeed = 9007199254740992.0; // 2^53
    if (!seed.isUndefined() && !seed.isNull()
        && (!seed.isDouble() || std::abs(seed.toDouble()) > largestSeed
            || seed.toDouble() != std::floor(seed.toDouble())))
        return invalid(QStringLiteral("seed"), QStringLiteral("'seed' must be an integer"));
    const QJsonValue stream = body.value(QStringLiteral("stream"));
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool())
        return invalid(QStringLiteral("stream"), QStringLiteral("'stream' must be true or false"));
    // OpenAI's efforts; the templates that read one (gpt-oss) know low to high.
    const QJsonValue effort = body.value(QStringLiteral("reasoning_effort"));
    const QString effortName
        = effort.toString() == QLatin1String("minimal") ? QStringLiteral("low") : effort.toString();
    if (!effort.isUndefined() && !effort.isNull() && !reasoningEfforts().contains(effortName))
        return invalid(QStringLiteral("reasoning_effort"),
            QStringLiteral("'reasoning_effort' must be one of 'minimal', 'low', 'medium' or 'high'"));

    const QJsonValue stop = body.value(QStringLiteral("stop"));
    if (stop.isString()) {
        chat.stop << stop.toString();
    } else if (stop.isArray()) {
        if (stop.toArray().size() > 4)
            return invalid(QStringLiteral("stop"), QStringLiteral("'stop' takes at most 4 sequences"));
        for (const QJsonValue& entry : stop.toArray()) {
            if (!entry.isString())
                return invalid(QStringLiteral("stop"), QStringLiteral("'stop' must be a string or a list of strings"));
            chat.stop << entry.toString();
        }
    } else if (!stop.isUndefined() && !stop.isNull()) {
        return invalid(QStringLiteral("stop"), QStringLiteral("'stop' must be a string or a list of strings"));
    }
    chat.stop.removeAll(QString());

    chat.sampling.temperature = *temperature;
    chat.sampling.topP = *topP;
    chat.sampling.maxTokens = static_cast<int>(*maxTokens);
    chat.presencePenalty = *presence;
    chat.frequencyPenalty = *frequency;
    if (seed.isDouble())
        chat.sampling.seed = static_cast<qint64>(seed.toDouble());
    if (effort.isString())
        chat.sampling.reasoningEffort = effortName;
    return std::nullopt;
}

std::optional<FieldError> readLogprobFields(const QJsonObject& body, bool chatFormat, ChatRequest& chat)
{
    const QJsonValue logprobs = body.value(QStringLiteral("logprobs"));
    const QJsonValue top = body.value(QStringLiteral("top_logprobs"));
    const auto absent = [](const QJsonValue& value) { return value.isUndefined() || value.isNull(); };
    const auto whole = [](const QJsonValue& value, int high) {
        return value.isDouble() && value.toDouble() >= 0 && value.toDouble() <= high
            && value.toDouble() == std::floor(value.toDouble());
    };
    if (!chatFormat) {
        if (absent(logprobs))
            return std::nullopt;
        if (!whole(logprobs, 5))
            return FieldError { QStringLiteral("logprobs"),
                QStringLiteral("'logprobs' must be a whole number from 0 to 5") };
        chat.topLogprobs = logprobs.toInt();
        return std::nullopt;
    }
    if (!absent(logprobs) && !logprobs.isBool())
        return FieldError { QStringLiteral("logprobs"), QStringLiteral("'logprobs' must be true or false") };
    if (!absent(top) && !whole(top, 20))
        return FieldError { QStringLiteral("top_logprobs"),
            QStringLiteral("'top_logprobs' must be a whole number from 0 to 20") };
    if (!absent(top) && !logprobs.toBool())
        return FieldError { QStringLiteral("top_logprobs"),
            QStringLiteral("'top_logprobs' needs 'logprobs' set to true") };
    if (logprobs.toBool())
        chat.topLogprobs = absent(top) ? 0 : top.toInt();
    return std::nullopt;
}

std::optional<FieldError> readResponseFormat(const QJsonObject& body, ChatRequest& chat)
{
    const QJsonValue format = body.value(QStringLiteral("response_format"));
    if (format.isUndefined() || format.isNull())
        return std::nullopt;
    const FieldError wrong { QStringLiteral("response_format"),
        QStringLiteral("'response_format' must be {\"type\": \"text\"}, {\"type\": \"json_object\"} or "
                       "{\"type\": \"json_schema\", \"json_schema\": {\"name\": ..., \"schema\": {...}}}") };
    const QString type = format.toObject().value(QStringLiteral("type")).toString();
    if (type == QLatin1String("text"))
        return std::nullopt;
    if (type == QLatin1String("json_object")) {
        chat.outputSchema = JsonSchema::any_object();
        return std::nullopt;
    }
    if (type != QLatin1String("json_schema"))
        return wrong;
    const QJsonObject jsonSchema = format.toObject().value(QStringLiteral("json_schema")).toObject();
    const QJsonValue schema = jsonSchema.value(QStringLiteral("schema"));
    if (!schema.isObject())
        return wrong;
    // What the output cannot be held to is refused, unless the client says
    // the schema only guides (OpenAI's "strict": false).
    const auto unenforceable = jsonSchema.value(QStringLiteral("strict")) == QJsonValue(false)
        ? JsonSchema::Unenforceable::Ignore
        : JsonSchema::Unenforceable::Refuse;
    try {
        const QByteArray text = QJsonDocument(schema.toObject()).toJson(QJsonDocument::Compact);
        chat.outputSchema = JsonSchema::compile(
            nlohmann::json::parse(text.constData(), text.constData() + text.size()), unenforceable);
    } catch (const std::exception& e) {
        return FieldError { QStringLiteral("response_format"),
            QStringLiteral("The schema cannot be used: %1").arg(QString::fromUtf8(e.what())) };
    }
    return std::nullopt;
}

std::optional<FieldError> readChatMessages(const QJsonObject& body, ChatRequest& chat)
{
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    if (messages.isEmpty())
        return FieldError { QStringLiteral("messages"),
            QStringLiteral("'messages' must be a non-empty list of messages") };
    bool toolUse = false;
    for (const QJsonValue& value : messages) {
        const QJsonObject object = value.toObject();
        const QString role = object.value(QStringLiteral("role")).toString();
        const QJsonValue content = object.value(QStringLiteral("content"));
        const QJsonValue calls = object.value(QStringLiteral("tool_calls"));
        // An assistant's turn may carry only tool calls; every other needs its text.
        if (!content.isString() && !content.isArray() && !(role == QLatin1String("assistant") && content.isNull()))
            return FieldError { QStringLiteral("messages"),
                QStringLiteral("Each message needs 'content': a string or a list of parts") };
        // Images and audio would be dropped unseen, and the answer be about
        // a message the client did not send: refused until the engine can see them.
        for (const QJsonValue& part : content.toArray()) {
            const QString type = part.toObject().value(QStringLiteral("type")).toString();
            if (type != QLatin1String("text"))
                return FieldError { QStringLiteral("messages"),
                    type.isEmpty() ? QStringLiteral("Each content part needs a 'type'")
                                   : QStringLiteral("Content parts of type '%1' are not supported: this model reads "
                                                    "text only")
                                         .arg(type) };
        }
        if (!calls.isUndefined() && !calls.isNull()) {
            if (!calls.isArray() || role != QLatin1String("assistant"))
                return FieldError { QStringLiteral("messages"),
                    QStringLiteral("Only assistant messages have 'tool_calls', a list") };
            for (const QJsonValue& call : calls.toArray()) {
                const QJsonObject function = call.toObject().value(QStringLiteral("function")).toObject();
                if (function.value(QStringLiteral("name")).toString().isEmpty()
                    || !function.value(QStringLiteral("arguments")).isString())
                    return FieldError { QStringLiteral("messages"),
                        QStringLiteral("Each tool call needs a function with a 'name' and 'arguments' as JSON text") };
            }
            toolUse = true;
        }
        if (role == QLatin1String("system") || role == QLatin1String("developer")) {
            if (!chat.systemPrompt.isEmpty())
                chat.systemPrompt += QLatin1Char('\n');
            chat.systemPrompt += openAiContentText(content);
            continue;
        }
        if (role == QLatin1String("tool")) {
            toolUse = true;
            continue;
        }
        if (role != QLatin1String("user") && role != QLatin1String("assistant"))
            return FieldError { QStringLiteral("messages"), QStringLiteral("Unsupported message role '%1'").arg(role) };
        ChatMessage message;
        message.role = role;
        message.content = openAiContentText(content);
        chat.messages.append(message);
    }
    if (toolUse)
        chat.openAiMessages = messages;
    return std::nullopt;
}

std::optional<FieldError> readTools(const QJsonObject& body, ChatRequest& chat)
{
    const QJsonValue tools = body.value(QStringLiteral("tools"));
    if (tools.isUndefined() || tools.isNull())
        return std::nullopt;
    const FieldError wrong { QStringLiteral("tools"),
        QStringLiteral("'tools' must be a list of {\"type\": \"function\", \"function\": {\"name\", "
                       "\"description\", \"parameters\"}}") };
    if (!tools.isArray() || tools.toArray().size() > 128)
        return wrong;
    QStringList names;
    QJsonArray functions;
    for (const QJsonValue& tool : tools.toArray()) {
        const QJsonObject function = tool.toObject().value(QStringLiteral("function")).toObject();
        const QString name = function.value(QStringLiteral("name")).toString();
        if (tool.toObject().value(QStringLiteral("type")).toString() != QLatin1String("function") || name.isEmpty())
            return wrong;
        const QJsonValue parameters = function.value(QStringLiteral("parameters"));
        if (!parameters.isUndefined() && !parameters.isObject())
            return wrong;
        names << name;
        functions.append(function);
    }
    const QJsonValue choice = body.value(QStringLiteral("tool_choice"));
    QString forced;
    if (choice.isObject()) {
        forced
            = choice.toObject().value(QStringLiteral("function")).toObject().value(QStringLiteral("name")).toString();
        if (!names.contains(forced))
            return FieldError { QStringLiteral("tool_choice"),
                QStringLiteral("'tool_choice' names a function that is not among the tools") };
    } else if (choice.isString() && choice.toString() == QLatin1String("none")) {
        return std::nullopt; // the model is not told of the tools
    } else if (!(choice.isUndefined() || choice.isNull() || choice == QStringLiteral("auto")
                   || choice == QStringLiteral("required"))) {
        return FieldError { QStringLiteral("tool_choice"),
            QStringLiteral("'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\": \"function\", "
                           "\"function\": {\"name\": ...}}") };
    }
    chat.tools = tools.toArray();
    if (forced.isEmpty() && choice != QStringLiteral("required"))
        return std::nullopt;
    // A call is required: the answer is {"name": ..., "arguments": {...}}.
    nlohmann::json schema
        = { { "type", "object" }, { "required", { "name", "arguments" } }, { "additionalProperties", false } };
    // Tools' parameters describe more than the output can be held to (formats,
    // ranges): those guide the model unless the function is strict.
    auto unenforceable = JsonSchema::Unenforceable::Ignore;
    if (!forced.isEmpty()) {
        const QJsonObject function = functions.at(names.indexOf(forced)).toObject();
        if (function.value(QStringLiteral("strict")).toBool())
            unenforceable = JsonSchema::Unenforceable::Refuse;
        const QByteArray parameters = QJsonDocument(function.value(QStringLiteral("parameters")).toObject()).toJson();
        schema["properties"]["name"] = { { "const", forced.toStdString() } };
        schema["properties"]["arguments"] = function.value(QStringLiteral("parameters")).isObject()
            ? nlohmann::json::parse(parameters.constData(), parameters.constData() + parameters.size())
            : nlohmann::json { { "type", "object" } };
    } else {
        auto list = nlohmann::json::array();
        for (const QString& name : names)
            list.push_back(name.toStdString());
        schema["properties"]["name"] = { { "enum", list } };
        schema["properties"]["arguments"] = { { "type", "object" } };
    }
    try {
        chat.outputSchema = JsonSchema::compile(schema, unenforceable);
    } catch (const std::exception& e) {
        return FieldError { QStringLiteral("tools"),
            QStringLiteral("The function's parameters cannot be used: %1").arg(QString::fromUtf8(e.what())) };
    }
    chat.toolCallRequired = true;
    return std::nullopt;
}

std::optional<FieldError> readTextPrompt(const QJsonObject& body, ChatRequest& chat)
{
    // One prompt per request: a list of one is accepted, as clients send it.
    QJsonValue prompt = body.value(QStringLiteral("prompt"));
    if (prompt.isArray() && prompt.toArray().size() == 1)
        prompt = prompt.toArray().first();
    if (!prompt.isString() || prompt.toString().isEmpty())
        return FieldError { QStringLiteral("prompt"),
            QStringLiteral("'prompt' must be one non-empty string (send one request per prompt)") };
    chat.rawPrompt = prompt.toString();
    return std::nullopt;
}

std::optional<FieldError> readEmbeddingInput(const QJsonObject& body, QStringList& texts)
{
    const QJsonValue input = body.value(QStringLiteral("input"));
    const FieldError wrong { QStringLiteral("input"),
        QStringLiteral("'input' must be a non-empty string or a list of at most 2048 non-empty strings") };
    if (input.isString()) {
        texts << input.toString();
    } else if (input.isArray() && input.toArray().size() <= 2048) {
        for (const QJsonValue& entry : input.toArray()) {
            if (entry.isDouble() || entry.isArray())
                return FieldError { QStringLiteral("input"),
                    QStringLiteral("Token ids are not accepted as input: send the text") };
            if (!entry.isString())
                return wrong;
            texts << entry.toString();
        }
    } else {
        return wrong;
    }
    if (texts.isEmpty() || texts.contains(QString()))
        return wrong;
    return std::nullopt;
}

} // namespace hearth::app
