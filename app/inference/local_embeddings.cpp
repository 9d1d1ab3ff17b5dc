#include "app/inference/local_embeddings.h"

#include <QTimer>

#include "app/inference/local_model.h"
#include "app/inference/queued_target.h"
#include "engine/model/model.h"
#include "engine/runtime/prompt.h"

namespace hearth::app {

EmbeddingReply::EmbeddingReply(QObject* parent)
    : QObject(parent)
{ }

EmbeddingReply::~EmbeddingReply()
{
    for (const auto& cancel : std::as_const(m_cancellers))
        cancel();
}

void EmbeddingReply::fail(const QString& error, const QString& code)
{
    if (m_finished)
        return;
    for (const auto& cancel : std::as_const(m_cancellers))
        cancel();
    m_cancellers.clear();
    m_vectors.clear();
    m_error = error;
    m_errorCode = code;
    m_finished = true;
    // From the event loop: the caller connects to finished() first.
    QTimer::singleShot(0, this, &EmbeddingReply::finished);
}

void EmbeddingReply::arrived(int index, QList<float> vector, int tokens, bool cancelled)
{
    if (m_finished)
        return;
    if (cancelled || vector.isEmpty()) {
        fail(tr("The embedding was cancelled."));
        return;
    }
    m_vectors[index] = std::move(vector);
    m_promptTokens += tokens;
    if (--m_pending == 0) {
        m_finished = true;
        m_cancellers.clear(); // they hold the engine: let it go
        emit finished();
    }
}

EmbeddingReply* embedTexts(LocalModel& model, const QStringList& texts, QObject* parent)
{
    auto* reply = new EmbeddingReply(parent);
    const auto engine = model.engine();
    if (!engine) {
        reply->fail(EmbeddingReply::tr("No model is loaded."));
        return reply;
    }
    reply->m_vectors.resize(texts.size());
    reply->m_pending = static_cast<int>(texts.size());
    auto target = QueuedTarget<EmbeddingReply>::attach(reply);
    try {
        std::vector<GenerationRequest> requests;
        for (const QString& text : texts) {
            GenerationRequest request;
            request.prompt = prompt_from_text(engine->model().tokenizer(), text.toStdString());
            request.embed = true;
            if (request.prompt.size() >= engine->context()) {
                reply->fail(EmbeddingReply::tr("An input has %1 tokens but the model's context holds %2.")
                                .arg(request.prompt.size())
                                .arg(engine->context()),
                    QStringLiteral("context_length_exceeded"));
                return reply;
            }
            requests.push_back(std::move(request));
        }
        for (std::size_t i = 0; i < requests.size(); ++i) {
            const int index = static_cast<int>(i);
            const auto handle = engine->submit(std::move(requests[i]), [target, index](const GenerationEvent& event) {
                if (!event.finished)
                    return;
                QList<float> vector(event.embedding.begin(), event.embedding.end());
                const int tokens = static_cast<int>(event.usage.prompt_tokens);
                const bool cancelled = event.finish_reason != FinishReason::Stop;
                target->post([index, vector, tokens, cancelled](
                                 EmbeddingReply* r) { r->arrived(index, vector, tokens, cancelled); });
            });
            // Each keeps the engine alive until its embedding is done.
            reply->m_cancellers.append([handle, engine] { handle.cancel(); });
        }
        if (texts.isEmpty())
            reply->fail(EmbeddingReply::tr("There is nothing to embed."));
    } catch (const std::exception& e) {
        reply->fail(QString::fromUtf8(e.what()));
    }
    return reply;
}

} // namespace hearth::app
