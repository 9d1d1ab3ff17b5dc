#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <utility>

#include "app/server/api_key.h"

namespace hearth::app {

// Each key's requests and tokens over the last minute, against its limits.
// Tokens are known only when an answer ends, so a request that generates
// holds the tokens it may use while it runs: requests sent at once cannot
// together spend more than the key's minute.
class RateLimiter {
public:
    // 0 when `key` may send a request now (and it is counted); else the
    // seconds until it may.
    int admit(const ApiKey& key, qint64 nowMs);
    void addTokens(const ApiKey& key, int tokens, qint64 nowMs);

    struct Hold {
        int tokens = 0; // held for the request: at least its prompt's and one more
        int waitS = 0; // else the seconds until they may be; -1: the prompt alone is over the limit
    };
    // Holds up to `wanted` of the key's tokens this minute for a request
    // about to run, whose prompt takes `prompt`. Keys without a token limit
    // hold nothing and never wait.
    Hold hold(const ApiKey& key, int prompt, int wanted, qint64 nowMs);
    // A request that held `held` tokens has ended, having used `used`.
    void settle(const ApiKey& key, int held, int used, qint64 nowMs);

private:
    struct Window {
        QList<qint64> requests; // when each was admitted
        QList<std::pair<qint64, int>> tokens; // when, how many
        qint64 held = 0; // by requests still running
    };
    // Tokens of the last minute, spent and held.
    static qint64 spent(const Window& window);
    // Seconds until `needed` more tokens fit beside those held, as the
    // minute's spent ones age out (1 when only held ones stand in the way).
    static int secondsUntilFree(const Window& window, qint64 limit, qint64 needed, qint64 nowMs);
    static void forgetBefore(Window& window, qint64 cutoffMs);

    QHash<QString, Window> m_windows; // by key name
};

} // namespace hearth::app
