#pragma once

// A ChatBackend for tests: streams `pieces` one per millisecond tick, then
// finishes as `finishReason` says ("stop" unless set); or fails at once with
// `error`; or reports itself unavailable. Remembers the requests it was given.

#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <memory>

#include "app/chat/chat_backend.h"
#include "app/chat/chat_reply.h"

namespace hearth::test {

class ScriptedChatBackend : public app::ChatBackend {
public:
    QStringList pieces;
    QString finishReason = QStringLiteral("stop");
    bool stoppedByString = false;
    QString error;
    QString errorCode; // with error
    QString unavailable;
    QList<app::ChatRequest> requests;
    QList<QPointer<app::ChatReply>> replies;

    app::ChatReply* start(const app::ChatRequest& request, QObject* parent) override
    {
        requests.append(request);
        auto* reply = new app::ChatReply(parent);
        replies.append(reply);
        if (!error.isEmpty()) {
            reply->failLater(error, errorCode);
            return reply;
        }
        auto* timer = new QTimer(reply);
        auto remaining = std::make_shared<QStringList>(pieces);
        reply->setCanceller([reply, timer] {
            timer->stop();
            app::ReplyStats stats;
            stats.finishReason = QStringLiteral("cancelled");
            QTimer::singleShot(0, reply, [reply, stats] { reply->finish(stats); });
        });
        QObject::connect(timer, &QTimer::timeout, reply,
            [reply, timer, remaining, finishReason = finishReason, stoppedByString = stoppedByString] {
                if (remaining->isEmpty()) {
                    timer->stop();
                    app::ReplyStats stats;
                    stats.finishReason = finishReason;
                    stats.stoppedByString = stoppedByString;
                    stats.completionTokens = 7;
                    stats.tokensPerS = 12.5;
                    reply->finish(stats);
                    return;
                }
                reply->appendText(remaining->takeFirst());
            });
        timer->start(1);
        return reply;
    }
    QString name() const override { return QStringLiteral("scripted"); }
    QString unavailableReason() const override { return unavailable; }
};

} // namespace hearth::test
