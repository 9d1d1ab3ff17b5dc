#include "app/chat/chat_request.h"

namespace hearth::app {

namespace {

const QString kTemperature = QStringLiteral("temperature");
const QString kTopP = QStringLiteral("top_p");
const QString kMaxTokens = QStringLiteral("max_tokens");
const QString kSeed = QStringLiteral("seed");
const QString kReasoningEffort = QStringLiteral("reasoning_effort");

} // namespace

ChatSampling ChatSampling::fromJson(const QJsonObject& json)
{
    ChatSampling s;
    s.temperature = std::clamp(json.value(kTemperature).toDouble(s.temperature), 0.0, 2.0);
    s.topP = std::clamp(json.value(kTopP).toDouble(s.topP), 0.0, 1.0);
    s.maxTokens = std::max(1, json.value(kMaxTokens).toInt(s.maxTokens));
    if (json.value(kSeed).isDouble())
        s.seed = static_cast<qint64>(json.value(kSeed).toDouble());
    if (reasoningEfforts().contains(json.value(kReasoningEffort).toString()))
        s.reasoningEffort = json.value(kReasoningEffort).toString();
    return s;
}

QJsonObject ChatSampling::toJson() const
{
    QJsonObject json { { kTemperature, temperature }, { kTopP, topP }, { kMaxTokens, maxTokens } };
    if (seed)
        json.insert(kSeed, static_cast<double>(*seed));
    if (!reasoningEffort.isEmpty())
        json.insert(kReasoningEffort, reasoningEffort);
    return json;
}

QStringList reasoningEfforts()
{
    return { QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high") };
}

QJsonObject ReplyStats::toJson() const
{
    QJsonObject json {
        { QStringLiteral("finish_reason"), finishReason },
        { QStringLiteral("prompt_tokens"), promptTokens },
        { QStringLiteral("cached_prompt_tokens"), cachedPromptTokens },
        { QStringLiteral("completion_tokens"), completionTokens },
        { QStringLiteral("time_to_first_token_s"), timeToFirstTokenS },
        { QStringLiteral("tokens_per_s"), tokensPerS },
    };
    if (!error.isEmpty())
        json.insert(QStringLiteral("error"), error);
    return json;
}

ReplyStats ReplyStats::fromJson(const QJsonObject& json)
{
    ReplyStats s;
    s.finishReason = json.value(QStringLiteral("finish_reason")).toString();
    s.error = json.value(QStringLiteral("error")).toString();
    s.promptTokens = json.value(QStringLiteral("prompt_tokens")).toInt();
    s.cachedPromptTokens = json.value(QStringLiteral("cached_prompt_tokens")).toInt();
    s.completionTokens = json.value(QStringLiteral("completion_tokens")).toInt();
    s.timeToFirstTokenS = json.value(QStringLiteral("time_to_first_token_s")).toDouble();
    s.tokensPerS = json.value(QStringLiteral("tokens_per_s")).toDouble();
    return s;
}

} // namespace hearth::app
