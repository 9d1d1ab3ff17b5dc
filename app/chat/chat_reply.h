#pragma once

#include <QObject>
#include <QString>

#include <functional>

#include "app/chat/chat_request.h"

namespace hearth::app {

// One answer as it streams in, on the GUI thread: textArrived for each
// piece, then finished exactly once. A backend fills it; its owner reads it
// and may cancel() at any time (finished follows, "cancelled"). Deleting it
// cancels too.
class ChatReply : public QObject {
    Q_OBJECT
public:
    explicit ChatReply(QObject* parent = nullptr);
    ~ChatReply() override;

    void cancel();
    bool isFinished() const { return m_finished; }
    QString text() const { return m_text; }
    ReplyStats stats() const { return m_stats; }

    // For backends.
    void setCanceller(std::function<void()> canceller);
    void appendText(const QString& text);
    void appendLogprobs(const hearth::app::TokenLogprobs& logprobs);
    // Every token's, when the request asked for them.
    const QList<TokenLogprobs>& logprobs() const { return m_logprobs; }
    void finish(const ReplyStats& stats);
    // Finishes with an error, from the event loop, so the caller has connected first.
    void failLater(const QString& error, const QString& code = {});

signals:
    // Before the text it completes (which may come with a later token's).
    void logprobsArrived(const hearth::app::TokenLogprobs& logprobs);
    void textArrived(const QString& text);
    void finished(const hearth::app::ReplyStats& stats);

private:
    std::function<void()> m_canceller;
    QString m_text;
    QList<TokenLogprobs> m_logprobs;
    ReplyStats m_stats;
    bool m_finished = false;
};

} // namespace hearth::app
