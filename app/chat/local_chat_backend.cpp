#include "chat/local_chat_backend.h"

#include <QPointer>

#include <nlohmann/json.hpp>

#include "chat/chat_reply.h"
#include "inference/local_model.h"
#include "model/model.h"
#include "runtime/prompt.h"

namespace hearth::app {

namespace {

QString finishReasonOf(FinishReason reason)
{
    const auto name = finish_reason_name(reason);
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

ReplyStats statsOf(const GenerationEvent& event)
{
    ReplyStats stats;
    stats.finishReason = finishReasonOf(event.finish_reason);
    stats.error = QString::fromStdString(event.error);
    stats.promptTokens = static_cast<int>(event.usage.prompt_tokens);
    stats.cachedPromptTokens = static_cast<int>(event.usage.cached_prompt_tokens);
    stats.completionTokens = static_cast<int>(event.usage.completion_tokens);
    stats.timeToFirstTokenS = event.usage.time_to_first_token_s;
    if (event.usage.generation_s > 0 && event.usage.completion_tokens > 1)
        stats.tokensPerS = (event.usage.completion_tokens - 1) / event.usage.generation_s;
    return stats;
}

nlohmann::ordered_json conversationOf(const ChatRequest& request)
{
    auto conversation = nlohmann::ordered_json::array();
    if (!request.systemPrompt.trimmed().isEmpty())
        conversation.push_back({ { "role", "system" }, { "content", request.systemPrompt.toStdString() } });
    for (const auto& message : request.messages)
        conversation.push_back(
            { { "role", message.role.toStdString() }, { "content", message.content.toStdString() } });
    return conversation;
}

// Carries the engine's events from its thread to the reply's. It lives until
// the engine's last event for the request has been delivered, so the engine
// never posts to a deleted object, and it keeps the engine alive that long.
class Relay : public QObject {
public:
    Relay(ChatReply* reply, std::shared_ptr<Engine> engine)
        : m_reply(reply)
        , m_engine(std::move(engine))
    { }

    void deliver(const GenerationEvent& event)
    {
        if (!m_reply)
            return;
        if (!event.finished) {
            m_reply->appendText(QString::fromStdString(event.text));
            return;
        }
        m_reply->appendText(QString::fromStdString(event.text));
        m_reply->finish(statsOf(event));
    }

private:
    QPointer<ChatReply> m_reply;
    std::shared_ptr<Engine> m_engine;
};

} // namespace

LocalChatBackend::LocalChatBackend(LocalModel& model, QObject* parent)
    : ChatBackend(parent)
    , m_model(model)
{
    connect(&m_model, &LocalModel::stateChanged, this, &ChatBackend::availabilityChanged);
}

QString LocalChatBackend::name() const
{
    return m_model.displayName();
}

QString LocalChatBackend::unavailableReason() const
{
    switch (m_model.state()) {
    case LocalModel::State::Ready:
        return {};
    case LocalModel::State::Loading:
        return tr("%1 is still loading.").arg(m_model.displayName());
    case LocalModel::State::Failed:
        return tr("%1 could not be loaded: %2").arg(m_model.displayName(), m_model.errorString());
    case LocalModel::State::Empty:
        break;
    }
    return tr("No model is loaded: choose one with the model picker (Ctrl+K).");
}

ChatReply* LocalChatBackend::start(const ChatRequest& request, QObject* parent)
{
    auto* reply = new ChatReply(parent);
    const auto engine = m_model.engine();
    if (!engine) {
        reply->failLater(unavailableReason());
        return reply;
    }
    GenerationRequest generation;
    generation.sampling.temperature = static_cast<float>(request.sampling.temperature);
    generation.sampling.top_p = static_cast<float>(request.sampling.topP);
    generation.sampling.seed
        = request.sampling.seed ? static_cast<std::uint64_t>(*request.sampling.seed) : std::random_device {}();
    generation.max_tokens = static_cast<std::uint32_t>(request.sampling.maxTokens);
    generation.sampling.presence_penalty = static_cast<float>(request.presencePenalty);
    generation.sampling.frequency_penalty = static_cast<float>(request.frequencyPenalty);
    for (const QString& stop : request.stop)
        generation.stop.push_back(stop.toStdString());
    auto* relay = new Relay(reply, engine);
    try {
        generation.prompt = request.rawPrompt.isEmpty()
            ? prompt_from_conversation(engine->model().tokenizer(), conversationOf(request))
            : prompt_from_text(engine->model().tokenizer(), request.rawPrompt.toStdString());
        const auto handle = engine->submit(std::move(generation), [relay](const GenerationEvent& event) {
            QMetaObject::invokeMethod(
                relay,
                [relay, event] {
                    relay->deliver(event);
                    if (event.finished)
                        relay->deleteLater();
                },
                Qt::QueuedConnection);
        });
        reply->setCanceller([handle] { handle.cancel(); });
    } catch (const std::exception& e) {
        delete relay;
        reply->failLater(QString::fromUtf8(e.what()));
    }
    return reply;
}

} // namespace hearth::app
