#include "engine/runtime/sampler.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace hearth {

SampledToken describe_choice(std::span<const float> logits, TokenId chosen, std::uint32_t top_n)
{
    const float max = *std::max_element(logits.begin(), logits.end());
    double sum = 0.0;
    for (const float logit : logits)
        sum += std::exp(static_cast<double>(logit - max));
    const float log_sum = static_cast<float>(std::log(sum));
    const auto logprob = [&](TokenId id) { return logits[static_cast<std::size_t>(id)] - max - log_sum; };

    SampledToken result;
    result.token = chosen;
    result.logprob = logprob(chosen);
    if (top_n > 0) {
        std::vector<TokenId> order(logits.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = static_cast<TokenId>(i);
        const std::size_t n = std::min<std::size_t>(top_n, order.size());
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
            [&](TokenId a, TokenId b) { return logits[a] > logits[b]; });
        for (std::size_t i = 0; i < n; ++i)
            result.top.push_back({ order[i], logprob(order[i]) });
    }
    return result;
}

Sampler::Sampler(const SamplingParams& params)
    : m_params(params)
    , m_random(params.seed)
{ }

SampledToken Sampler::sample(
    std::span<const float> logits, std::span<const TokenId> history, const std::function<bool(TokenId)>& allowed)
{
    m_candidates.resize(logits.size());
    for (std::size_t i = 0; i < logits.size(); ++i)
        m_candidates[i] = { static_cast<TokenId>(i), logits[i] };
    apply_penalties(history);
    if (allowed) {
        const std::size_t k = m_params.temperature <= 0.0f ? 1 : m_params.top_k > 0 ? m_params.top_k : 64;
        keep_allowed(k, allowed);
        if (m_candidates.empty()) {
            SampledToken nothing;
            nothing.token = -1;
            return nothing;
        }
    }

    TokenId chosen;
    if (m_params.temperature <= 0.0f) {
        // Greedy: the first of the best, as llama.cpp picks among equals.
        const auto best = std::max_element(m_candidates.begin(), m_candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.logit < b.logit; });
        chosen = best->token;
    } else {
        if (m_params.top_k > 0)
            keep_top_k(m_params.top_k);
        keep_top_p();
        keep_min_p();
        for (auto& c : m_candidates)
            c.logit /= m_params.temperature;
        chosen = draw();
    }
    return describe_choice(logits, chosen, m_params.top_logprobs);
}

void Sampler::apply_penalties(std::span<const TokenId> history)
{
    const bool any = m_params.repetition_penalty != 1.0f || m_params.presence_penalty != 0.0f
        || m_params.frequency_penalty != 0.0f;
    if (!any || history.empty())
        return;
    const std::size_t window = std::min<std::size_t>(m_params.penalty_window, history.size());
    std::unordered_map<TokenId, int> counts;
    for (const TokenId id : history.last(window))
        ++counts[id];
    for (const auto& [id, count] : counts) {
        if (id < 0 || static_cast<std::size_t>(id) >= m_candidates.size())
            continue;
        float& logit = m_candidates[static_cast<std::size_t>(id)].logit;
        logit = logit > 0 ? logit / m_params.repetition_penalty : logit * m_params.repetition_penalty;
        logit -= static_cast<float>(count) * m_params.frequency_penalty + m_params.presence_penalty;
    }
}

void Sampler::keep_top_k(std::size_t k)
{
    k = std::min(k, m_candidates.size());
    std::partial_sort(m_candidates.begin(), m_candidates.begin() + static_cast<std::ptrdiff_t>(k), m_candidates.end(),
        [](const Candidate& a, const Candidate& b) { return a.logit > b.logit; });
    m_candidates.resize(k);
}

void Sampler::keep_allowed(std::size_t k, const std::function<bool(TokenId)>& allowed)
{
    const auto better = [](const Candidate& a, const Candidate& b) { return a.logit > b.logit; };
    // Most steps find their allowed tokens among the best few hundred: sort
    // those first, and the rest only when they do not suffice.
    const std::size_t head = std::min<std::size_t>(256, m_candidates.size());
    std::partial_sort(
        m_candidates.begin(), m_candidates.begin() + static_cast<std::ptrdiff_t>(head), m_candidates.end(), better);
    std::size_t kept = 0;
    bool rest_sorted = false;
    for (std::size_t i = 0; i < m_candidates.size() && kept < k; ++i) {
        if (i == head && !rest_sorted) {
            std::sort(m_candidates.begin() + static_cast<std::ptrdiff_t>(head), m_candidates.end(), better);
            rest_sorted = true;
        }
        if (std::isfinite(m_candidates[i].logit) && allowed(m_candidates[i].token))
            m_candidates[kept++] = m_candidates[i];
    }
    m_candidates.resize(kept);
}

void Sampler::keep_top_p()
{
    if (m_params.top_p >= 1.0f)
        return;
    std::sort(m_candidates.begin(), m_candidates.end(),
        [](const Candidate& a, const Candidate& b) { return a.logit > b.logit; });
    const float max = m_candidates.front().logit;
    m_scratch.resize(m_candidates.size());
    double sum = 0.0;
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
        m_scratch[i] = std::exp(m_candidates[i].logit - max);
        sum += m_scratch[i];
    }
    double cumulative = 0.0;
    std::size_t keep = m_candidates.size();
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
        cumulative += m_scratch[i] / sum;
        if (cumulative >= m_params.top_p) {
            keep = i + 1;
            break;
        }
    }
    m_candidates.resize(keep);
}

void Sampler::keep_min_p()
{
    if (m_params.min_p <= 0.0f || m_candidates.empty())
        return;
    float max = m_candidates.front().logit;
    for (const auto& c : m_candidates)
        max = std::max(max, c.logit);
    // p / p_max >= min_p  ⇔  logit >= max + ln(min_p)
    const float threshold = max + std::log(m_params.min_p);
    std::erase_if(m_candidates, [&](const Candidate& c) { return c.logit < threshold; });
}

TokenId Sampler::draw()
{
    float max = m_candidates.front().logit;
    for (const auto& c : m_candidates)
        max = std::max(max, c.logit);
    double sum = 0.0;
    m_scratch.resize(m_candidates.size());
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
        m_scratch[i] = std::exp(m_candidates[i].logit - max);
        sum += m_scratch[i];
    }
    // 53 random bits as a double in [0, 1): the same on every platform,
    // unlike std::uniform_real_distribution.
    const double u = static_cast<double>(m_random() >> 11) * 0x1.0p-53 * sum;
    double cumulative = 0.0;
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
        cumulative += m_scratch[i];
        if (u < cumulative)
            return m_candidates[i].token;
    }
    return m_candidates.back().token;
}

} // namespace hearth
