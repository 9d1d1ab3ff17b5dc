#include "app/chat/chat_session.h"

#include "app/chat/chat_backend.h"
#include "app/chat/chat_reply.h"
#include "app/chat/conversation_store.h"
#include "app/chat/reasoning.h"

namespace hearth::app {

namespace {

// While an answer streams, the history is written this often: a crash loses
// at most this much of it, and the disk is not written for every token.
constexpr qint64 kSaveIntervalMs = 500;

} // namespace

ChatSession::ChatSession(ConversationStore& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

void ChatSession::setBackend(ChatBackend* backend)
{
    m_backend = backend;
}

bool ChatSession::canStart()
{
    if (m_reply) {
        emit failed(tr("An answer is still being written: stop it first (Esc)."));
        return false;
    }
    if (!m_backend) {
        emit failed(tr("No model is chosen: pick one with the model picker (Ctrl+K)."));
        return false;
    }
    if (const QString reason = m_backend->unavailableReason(); !reason.isEmpty()) {
        emit failed(reason);
        return false;
    }
    return true;
}

bool ChatSession::send(qint64 conversation, const QString& text)
{
    if (text.trimmed().isEmpty() || !canStart())
        return false;
    ChatMessage question;
    question.role = QStringLiteral("user");
    question.content = text;
    if (!m_store.appendMessage(conversation, question)) {
        emit failed(tr("The question could not be saved to the chat history."));
        return false;
    }
    return answer(conversation);
}

bool ChatSession::regenerate(qint64 conversation)
{
    if (!canStart())
        return false;
    const auto messages = m_store.messages(conversation);
    if (messages.isEmpty())
        return false;
    if (messages.last().role == QLatin1String("assistant"))
        m_store.removeMessagesFrom(conversation, messages.last().id);
    return answer(conversation);
}

bool ChatSession::editAndResend(qint64 conversation, qint64 messageId, const QString& text)
{
    if (text.trimmed().isEmpty() || !canStart())
        return false;
    if (!m_store.removeMessagesFrom(conversation, messageId))
        return false;
    return send(conversation, text);
}

bool ChatSession::answer(qint64 conversation)
{
    const auto stored = m_store.conversation(conversation);
    if (!stored)
        return false;
    ChatRequest request;
    request.systemPrompt = stored->systemPrompt;
    request.messages = m_store.messages(conversation);
    request.sampling = stored->sampling.isEmpty() ? m_defaultSampling : ChatSampling::fromJson(stored->sampling);
    if (request.messages.isEmpty() || request.messages.last().role != QLatin1String("user"))
        return false;

    ChatMessage answer;
    answer.role = QStringLiteral("assistant");
    m_answerId = m_store.appendMessage(conversation, answer);
    m_conversation = conversation;
    m_reply = m_backend->start(request, this);
    m_sinceSave.start();
    m_pieces = 0;
    connect(m_reply, &ChatReply::textArrived, this, [this] {
        countPiece();
        save(false);
    });
    connect(m_reply, &ChatReply::finished, this, &ChatSession::onFinished);
    emit generatingChanged(true);
    return true;
}

void ChatSession::countPiece()
{
    if (m_pieces++ == 0) {
        m_sinceFirstPiece.start();
        m_sinceSpeed.start();
        return;
    }
    if (m_sinceSpeed.elapsed() < 1000)
        return;
    m_sinceSpeed.restart();
    emit speedUpdated((m_pieces - 1) * 1000.0 / std::max<qint64>(1, m_sinceFirstPiece.elapsed()));
}

void ChatSession::stop()
{
    if (m_reply)
        m_reply->cancel();
}

void ChatSession::save(bool force)
{
    const SplitAnswer split = splitReasoning(m_reply->text());
    emit answerUpdated(m_conversation, m_answerId, split.answer, split.reasoning);
    if (!force && m_sinceSave.elapsed() < kSaveIntervalMs)
        return;
    m_store.updateMessage(m_answerId, split.answer, split.reasoning, m_reply->stats().toJson());
    m_sinceSave.restart();
}

void ChatSession::onFinished(const ReplyStats& stats)
{
    // An answer that failed before its first word leaves no empty turn behind.
    if (stats.finishReason == QLatin1String("error") && m_reply->text().isEmpty())
        m_store.removeMessagesFrom(m_conversation, m_answerId);
    else
        save(true);
    ChatReply* reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    emit answerFinished(m_conversation, m_answerId, stats);
    if (stats.finishReason == QLatin1String("error"))
        emit failed(stats.error);
    emit generatingChanged(false);
}

} // namespace hearth::app
