#include "app/server/rate_limiter.h"

#include <algorithm>

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

qint64 RateLimiter::spent(const Window& window)
{
    qint64 used = window.held;
    for (const auto& [when, tokens] : window.tokens)
        used += tokens;
    return used;
}

int RateLimiter::secondsUntilFree(const Window& window, qint64 limit, qint64 needed, qint64 nowMs)
{
    qint64 used = spent(window);
    if (used + needed <= limit)
        return 0;
    // Wait until enough of the minute's tokens have aged out.
    for (const auto& [when, tokens] : window.tokens) {
        used -= tokens;
        if (used + needed <= limit)
            return secondsUntil(when + minuteMs, nowMs);
    }
    return 1; // the running requests' holds: they settle as they end
}

int RateLimiter::admit(const ApiKey& key, qint64 nowMs)
{
    if (key.requestsPerMinute <= 0 && key.tokensPerMinute <= 0)
        return 0;
    Window& window = m_windows[key.name];
    forgetBefore(window, nowMs - minuteMs);
    if (key.requestsPerMinute > 0 && window.requests.size() >= key.requestsPerMinute)
        return secondsUntil(window.requests.first() + minuteMs, nowMs);
    if (key.tokensPerMinute > 0)
        if (const int wait = secondsUntilFree(window, key.tokensPerMinute, 1, nowMs))
            return wait;
    window.requests.append(nowMs);
    return 0;
}

RateLimiter::Hold RateLimiter::hold(const ApiKey& key, int prompt, int wanted, qint64 nowMs)
{
    if (key.tokensPerMinute <= 0)
        return { wanted, 0 };
    const qint64 needed = qint64(prompt) + 1; // the prompt and a token of answer
    if (needed > key.tokensPerMinute)
        return { 0, -1 };
    Window& window = m_windows[key.name];
    forgetBefore(window, nowMs - minuteMs);
    if (const int wait = secondsUntilFree(window, key.tokensPerMinute, needed, nowMs))
        return { 0, wait };
    const qint64 free = key.tokensPerMinute - spent(window);
    const int held = static_cast<int>(std::min<qint64>(std::max<qint64>(wanted, needed), free));
    window.held += held;
    return { held, 0 };
}

void RateLimiter::settle(const ApiKey& key, int held, int used, qint64 nowMs)
{
    if (key.tokensPerMinute <= 0)
        return;
    Window& window = m_windows[key.name];
    window.held = std::max<qint64>(0, window.held - held);
    addTokens(key, used, nowMs);
}

void RateLimiter::addTokens(const ApiKey& key, int tokens, qint64 nowMs)
{
    if (key.tokensPerMinute <= 0 || tokens <= 0)
        return;
    m_windows[key.name].tokens.append({ nowMs, tokens });
}

} // namespace hearth::app
