#include "server/rate_limiter.h"

namespace hearth::app {

namespace {

constexpr qint64 minuteMs = 60'000;

int secondsUntil(qint64 whenMs, qint64 nowMs)
{
    return static_cast<int>(std::max<qint64>(1, (whenMs - nowMs + 999) / 1000));
}

} // namespace

void RateLimiter::forgetBefore(Window& window, qint64 cutoffMs)
{
    while (!window.requests.isEmpty() && window.requests.first() <= cutoffMs)
        window.requests.removeFirst();
    while (!window.tokens.isEmpty() && window.tokens.first().first <= cutoffMs)
        window.tokens.removeFirst();
}

int RateLimiter::admit(const ApiKey& key, qint64 nowMs)
{
    if (key.requestsPerMinute <= 0 && key.tokensPerMinute <= 0)
        return 0;
    Window& window = m_windows[key.name];
    forgetBefore(window, nowMs - minuteMs);
    if (key.requestsPerMinute > 0 && window.requests.size() >= key.requestsPerMinute)
        return secondsUntil(window.requests.first() + minuteMs, nowMs);
    if (key.tokensPerMinute > 0) {
        qint64 used = 0;
        for (const auto& [when, tokens] : window.tokens)
            used += tokens;
        // Wait until enough of the minute's tokens have aged out.
        for (qsizetype i = 0; used >= key.tokensPerMinute && i < window.tokens.size(); ++i) {
            used -= window.tokens[i].second;
            if (used < key.tokensPerMinute)
                return secondsUntil(window.tokens[i].first + minuteMs, nowMs);
        }
    }
    window.requests.append(nowMs);
    return 0;
}

void RateLimiter::addTokens(const ApiKey& key, int tokens, qint64 nowMs)
{
    if (key.tokensPerMinute <= 0 || tokens <= 0)
        return;
    m_windows[key.name].tokens.append({ nowMs, tokens });
}

} // namespace hearth::app
