#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <utility>

#include "server/api_key.h"

namespace hearth::app {

// Each key's requests and tokens over the last minute, against its limits.
// Tokens are known only when an answer ends, so a key over its token limit
// is refused from its next request on.
class RateLimiter {
public:
    // 0 when `key` may send a request now (and it is counted); else the
    // seconds until it may.
    int admit(const ApiKey& key, qint64 nowMs);
    void addTokens(const ApiKey& key, int tokens, qint64 nowMs);

private:
    struct Window {
        QList<qint64> requests; // when each was admitted
        QList<std::pair<qint64, int>> tokens; // when, how many
    };
    static void forgetBefore(Window& window, qint64 cutoffMs);

    QHash<QString, Window> m_windows; // by key name
};

} // namespace hearth::app
