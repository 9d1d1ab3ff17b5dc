#include "app/server/failed_key_attempts.h"

#include <algorithm>

namespace hearth::app {

namespace {

constexpr qint64 windowMs = 60'000;
// Beyond this many addresses, those whose minute is over are forgotten.
constexpr qsizetype addressesKept = 4096;

} // namespace

int FailedKeyAttempts::recordFailure(const QHostAddress& peer, qint64 nowMs)
{
    if (m_windows.size() >= addressesKept)
        forgetOldWindows(nowMs);
    Window& window = m_windows[peer];
    if (nowMs - window.startMs >= windowMs)
        window = { nowMs, 0 };
    const int beyond = ++window.failures - freeFailures;
    if (beyond <= 0)
        return 0;
    return static_cast<int>(std::min<qint64>(maxDelayMs, qint64(firstDelayMs) << std::min(beyond - 1, 16)));
}

void FailedKeyAttempts::forgetOldWindows(qint64 nowMs)
{
    m_windows.removeIf(
        [nowMs](QHash<QHostAddress, Window>::iterator it) { return nowMs - it.value().startMs >= windowMs; });
}

} // namespace hearth::app
