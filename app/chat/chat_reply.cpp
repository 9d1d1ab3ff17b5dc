#include "app/chat/chat_reply.h"

#include <QTimer>

namespace hearth::app {

ChatReply::ChatReply(QObject* parent)
    : QObject(parent)
{ }

ChatReply::~ChatReply()
{
    if (!m_finished && m_canceller)
        m_canceller();
}

void ChatReply::cancel()
{
    if (!m_finished && m_canceller)
        m_canceller();
}

void ChatReply::setCanceller(std::function<void()> canceller)
{
    m_canceller = std::move(canceller);
}

void ChatReply::appendText(const QString& text)
{
    if (m_finished || text.isEmpty())
        return;
    m_text += text;
    emit textArrived(text);
}

void ChatReply::appendLogprobs(const TokenLogprobs& logprobs)
{
    if (m_finished)
        return;
    m_logprobs.append(logprobs);
    emit logprobsArrived(logprobs);
}

void ChatReply::finish(const ReplyStats& stats)
{
    if (m_finished)
        return;
    m_finished = true;
    m_canceller = nullptr; // it may hold what the answer needed (an engine): let go now
    m_stats = stats;
    emit finished(stats);
}

void ChatReply::failLater(const QString& error, const QString& code)
{
    QTimer::singleShot(0, this, [this, error, code] {
        ReplyStats stats;
        stats.finishReason = QStringLiteral("error");
        stats.error = error;
        stats.errorCode = code;
        finish(stats);
    });
}

} // namespace hearth::app
