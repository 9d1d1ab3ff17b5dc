#include "engine/cpu/expert_block.h"

#include <algorithm>
#include <numeric>

#include "engine/cpu/ops.h"
#include "engine/cpu/thread_pool.h"

namespace hearth::cpu {
namespace {

// ggml clamps a sum of chosen weights to F16's smallest normal before dividing.
constexpr float kSmallestWeightSum = 6.103515625e-5f;

template <class T> std::span<T> first(std::vector<T>& buffer, std::size_t count)
{
    if (buffer.size() < count)
        buffer.resize(count);
    return std::span(buffer).first(count);
}

void add_bias(float* values, const float* bias, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        values[i] += bias[i];
}

} // namespace

void ExpertBlock::route(const ModelConfig& config, std::size_t tokens)
{
    const std::size_t experts = config.shape.experts;
    const std::size_t used = config.shape.experts_used;
    m_entries = tokens * used;
    auto chosen = first(m_chosen, m_entries);
    auto weights = first(m_weights, m_entries);
    auto order = first(m_order, experts);
    const bool normalized = config.architecture.gating == ExpertGating::SoftmaxTopKNormalized;
    for (std::size_t t = 0; t < tokens; ++t) {
        // Probabilities, or for TopKSoftmax the logits: either ranks the experts.
        float* scores = &m_logits[t * experts];
        if (normalized)
            softmax(scores, experts);
        // The best first; of equals, the lower index (as ggml's argsort).
        std::iota(order.begin(), order.end(), 0u);
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(used), order.end(),
            [&](std::uint32_t a, std::uint32_t b) {
                return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
            });
        for (std::size_t r = 0; r < used; ++r) {
            chosen[t * used + r] = order[r];
            weights[t * used + r] = scores[order[r]];
        }
        if (!normalized) {
            softmax(&weights[t * used], used);
            continue;
        }
        double sum = 0.0;
        for (std::size_t r = 0; r < used; ++r)
            sum += weights[t * used + r];
        const float divisor = std::max(static_cast<float>(sum), kSmallestWeightSum);
        for (std::size_t r = 0; r < used; ++r)
            weights[t * used + r] /= divisor;
    }

    // Each expert's entries (token × used + rank) together, in entry order:
    // a counting sort by expert.
    m_first_row.assign(experts + 1, 0);
    for (const std::uint32_t e : chosen)
        ++m_first_row[e + 1];
    for (std::size_t e = 0; e < experts; ++e)
        m_first_row[e + 1] += m_first_row[e];
    auto rows = first(m_rows, m_entries);
    m_next_row.assign(m_first_row.begin(), m_first_row.end() - 1);
    for (std::size_t entry = 0; entry < m_entries; ++entry)
        rows[m_next_row[chosen[entry]]++] = static_cast<std::uint32_t>(entry);
}

void ExpertBlock::run(const ModelConfig& config, const ExpertWeights& weights, std::span<const float> input,
    std::size_t tokens, std::span<float> out, ThreadPool& pool, MatmulScratch& scratch, SimdLevel level,
    GatedKernel gated)
{
    const auto& s = config.shape;
    const std::size_t hidden = s.hidden;
    const std::size_t width = s.expert_ffn;
    const std::size_t used = s.experts_used;

    const auto logits = first(m_logits, tokens * s.experts);
    matmul(weights.router, input, tokens, logits, pool, scratch, level);
    if (!weights.router_bias.empty())
        for (std::size_t t = 0; t < tokens; ++t)
            add_bias(&logits[t * s.experts], weights.router_bias.data(), s.experts);
    route(config, tokens);
    auto mixed = first(m_mixed, tokens * used * hidden);

    for (std::uint32_t e = 0; e < s.experts; ++e) {
        const auto entries = std::span(m_rows).subspan(m_first_row[e], m_first_row[e + 1] - m_first_row[e]);
        if (entries.empty())
            continue; // not one token chose it: its weights are not read
        const std::size_t rows = entries.size();
        auto gathered = first(m_input, rows * hidden);
        for (std::size_t i = 0; i < rows; ++i)
            std::copy_n(&input[entries[i] / used * hidden], hidden, &gathered[i * hidden]);

        auto gate = first(m_gate, rows * width);
        auto up = first(m_up, rows * width);
        if (!weights.gate_up.empty()) {
            // One product of [2 width] a row, split into gate and up rows.
            auto both = first(m_gate_up, rows * 2 * width);
            matmul(weights.gate_up[e], gathered, rows, both, pool, scratch, level);
            for (std::size_t i = 0; i < rows; ++i) {
                std::copy_n(&both[i * 2 * width], width, &gate[i * width]);
                std::copy_n(&both[i * 2 * width + width], width, &up[i * width]);
            }
        } else {
            matmul(weights.gate[e], gathered, rows, gate, pool, scratch, level);
            matmul(weights.up[e], gathered, rows, up, pool, scratch, level);
            if (!weights.gate_bias.empty())
                for (std::size_t i = 0; i < rows; ++i) {
                    add_bias(&gate[i * width], &weights.gate_bias[e * width], width);
                    add_bias(&up[i * width], &weights.up_bias[e * width], width);
                }
        }
        // In place: each value of gate is read before it is written.
        if (rows * width < 4096 || pool.size() == 1)
            gated(gate.data(), up.data(), gate.data(), rows * width);
        else
            pool.parallel_for(rows * width, 1024, [&](std::size_t begin, std::size_t end) {
                gated(&gate[begin], &up[begin], &gate[begin], end - begin);
            });

        auto down = first(m_down, rows * hidden);
        matmul(weights.down[e], gate, rows, down, pool, scratch, level);
        if (!weights.down_bias.empty())
            for (std::size_t i = 0; i < rows; ++i)
                add_bias(&down[i * hidden], &weights.down_bias[e * hidden], hidden);
        for (std::size_t i = 0; i < rows; ++i) {
            const float weight = m_weights[entries[i]];
            float* to = &mixed[entries[i] * hidden];
            for (std::size_t j = 0; j < hidden; ++j)
                to[j] = down[i * hidden + j] * weight;
        }
    }

    // Summed best expert first, as llama.cpp adds them.
    for (std::size_t t = 0; t < tokens; ++t) {
        float* sum = &out[t * hidden];
        std::copy_n(&mixed[t * used * hidden], hidden, sum);
        for (std::size_t r = 1; r < used; ++r) {
            const float* term = &mixed[(t * used + r) * hidden];
            for (std::size_t j = 0; j < hidden; ++j)
                sum[j] += term[j];
        }
    }
}

} // namespace hearth::cpu
