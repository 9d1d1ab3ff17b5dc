#pragma once

#include <QHash>
#include <QHostAddress>

namespace hearth::app {

// Wrong API keys by client address. A client's first few failures in a
// minute are answered at once; each one past them waits twice as long as
// the last, up to 10 s. The wait slows a client guessing keys (its
// connections are capped, so its guesses are too) and costs a client with
// the right key nothing, even behind the same proxy.
class FailedKeyAttempts {
public:
    static constexpr int freeFailures = 5; // a minute, from one address
    static constexpr int firstDelayMs = 500;
    static constexpr int maxDelayMs = 10'000;

    // Counts a failure from `peer`; how long to wait before answering it.
    int recordFailure(const QHostAddress& peer, qint64 nowMs);

private:
    struct Window {
        qint64 startMs = 0;
        int failures = 0;
    };

    void forgetOldWindows(qint64 nowMs);

    QHash<QHostAddress, Window> m_windows;
};

} // namespace hearth::app
