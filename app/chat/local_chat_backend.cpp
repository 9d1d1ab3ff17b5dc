#include "app/chat/local_chat_backend.h"

#include <QJsonDocument>

#include <nlohmann/json.hpp>

#include "app/chat/chat_reply.h"
#include "app/chat/template_conversation.h"
#include "app/inference/local_model.h"
#include "app/inference/queued_target.h"
#include "engine/model/model.h"
#include "engine/runtime/prompt.h"
#include "engine/text/harmony.h"
#include "engine/text/tokenizer.h"

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
    stats.stoppedByString = event.stop_string;
    stats.error = QString::fromStdString(event.error);
    stats.promptTokens = static_cast<int>(event.usage.prompt_tokens);
    stats.cachedPromptTokens = static_cast<int>(event.usage.cached_prompt_tokens);
    stats.completionTokens = static_cast<int>(event.usage.completion_tokens);
    stats.timeToFirstTokenS = event.usage.time_to_first_token_s;
    if (event.usage.generation_s > 0 && event.usage.completion_tokens > 1)
        stats.tokensPerS = (event.usage.completion_tokens - 1) / event.usage.generation_s;
    return stats;
}

void deliver(ChatReply* reply, const GenerationEvent& event, const std::optional<TokenLogprobs>& logprobs)
{
    if (logprobs)
        reply->appendLogprobs(*logprobs);
    reply->appendText(QString::fromStdString(event.text));
    if (event.finished)
        reply->finish(statsOf(event));
}

// A generated token's log-probabilities, its tokens named by `tokenizer`.
TokenLogprobs logprobsOf(const SampledToken& token, const Tokenizer& tokenizer)
{
    const auto alternative = [&tokenizer](TokenId id, float logprob) {
        const std::string bytes = tokenizer.piece(id, true);
        return TokenAlternative { QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())), logprob };
    };
    TokenLogprobs logprobs;
    logprobs.chosen = alternative(token.token, token.logprob);
    for (const auto& candidate : token.top)
        logprobs.top.append(alternative(candidate.token, candidate.logprob));
    return logprobs;
}

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
    generation.output_schema = request.outputSchema;
    if (request.topLogprobs >= 0)
        generation.sampling.top_logprobs = static_cast<std::uint32_t>(request.topLogprobs);
    // Engine events reach the reply on its thread; log-probabilities are
    // named on the engine's, where its tokenizer is sure to exist.
    const Tokenizer* namer = request.topLogprobs >= 0 ? &engine->model().tokenizer() : nullptr;
    // Harmony's channels become the thinking and tool-call text the rest of
    // the application reads, as it comes.
    const bool harmony = request.rawPrompt.isEmpty() && speaks_harmony(engine->model().tokenizer().vocabulary());
    generation.render_special = harmony;
    const auto transcoder = harmony ? std::make_shared<HarmonyTranscoder>() : nullptr;
    auto target = QueuedTarget<ChatReply>::attach(reply);
    try {
        generation.prompt = request.rawPrompt.isEmpty()
            ? prompt_from_conversation(engine->model().tokenizer(), templateConversation(request, harmony))
            : prompt_from_text(engine->model().tokenizer(), request.rawPrompt.toStdString());
        if (generation.prompt.size() >= engine->context()) {
            reply->failLater(tr("The conversation has %1 tokens but the model's context holds %2: start a new "
                                "conversation or load the model with a longer context.")
                                 .arg(generation.prompt.size())
                                 .arg(engine->context()),
                QStringLiteral("context_length_exceeded"));
            return reply;
        }
        const auto handle
            = engine->submit(std::move(generation), [target, namer, transcoder](const GenerationEvent& arrived) {
                  std::optional<TokenLogprobs> logprobs;
                  if (namer && !arrived.finished)
                      logprobs = logprobsOf(arrived.token, *namer);
                  GenerationEvent event = arrived;
                  if (transcoder) {
                      event.text = transcoder->push(event.text);
                      if (event.finished)
                          event.text += transcoder->finish();
                  }
                  target->post([event, logprobs](ChatReply* reply) { deliver(reply, event, logprobs); });
              });
        // The reply keeps the engine alive while it runs, across an unload.
        reply->setCanceller([handle, engine] { handle.cancel(); });
    } catch (const std::exception& e) {
        reply->failLater(QString::fromUtf8(e.what()));
    }
    return reply;
}

} // namespace hearth::app
