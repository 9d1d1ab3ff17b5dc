#include "engine/cpu/forward.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

#include "engine/cpu/attention_kernels.h"
#include "engine/cpu/kv_cache.h"
#include "engine/cpu/ops.h"
#include "engine/cpu/thread_pool.h"
#include "engine/model/model.h"
#include "engine/quant/dequantize.h"
#include "engine/quant/quantize_activations.h"

namespace hearth::cpu {
namespace {

// Below this many values an element-wise step stays on the calling thread:
// waking the pool costs more than the work.
constexpr std::size_t kParallelValues = 4096;

// step(begin, end) over [0, count) values, split across the pool when there
// are enough of them. The per-token steps between the matmuls are a few
// percent of the work on one core, but run on one core of sixteen they were
// a fifth of a prompt's time.
template <class Step> void split_values(ThreadPool& pool, std::size_t count, std::size_t grain, Step&& step)
{
    if (count < kParallelValues || pool.size() == 1)
        step(std::size_t { 0 }, count);
    else
        pool.parallel_for(count, grain, step);
}

// step(t) for every token, tokens spread across the pool.
template <class Step> void each_token(ThreadPool& pool, std::size_t tokens, std::size_t width, Step&& step)
{
    split_values(pool, tokens * width, width, [&](std::size_t begin, std::size_t end) {
        for (std::size_t t = begin / width; t < end / width; ++t)
            step(t);
    });
}

void add_in_place(ThreadPool& pool, std::vector<float>& x, const std::vector<float>& y, std::size_t count)
{
    split_values(pool, count, 1024, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            x[i] += y[i];
    });
}

// The most positions a batch adds to one slot in one pass: a sliding-window
// layer's ring holds its window and this many more (KvCache). The engine
// sends at most 512 prompt tokens a step; longer runs are split.
constexpr std::uint32_t kMaxRun = kSlidingWindowSlack;

} // namespace

Forward::Forward(const Model& model, const ForwardPassOptions& options)
    : m_model(model)
    , m_pool(options.threads)
    , m_cache(model.config(), options.context, options.slot_count, options.kv_type)
    , m_gated(gated_kernel(model.config().architecture.activation, m_level))
{ }

void Forward::resize(std::size_t tokens)
{
    const auto& s = m_model.config().shape;
    const std::size_t q_dim = std::size_t { s.heads } * s.head_dim;
    const std::size_t kv_dim = std::size_t { s.kv_heads } * s.head_dim;
    const auto grow = [](std::vector<float>& buffer, std::size_t size) {
        if (buffer.size() < size)
            buffer.resize(size);
    };
    grow(m_x, tokens * s.hidden);
    grow(m_norm, tokens * s.hidden);
    if (m_model.weights().layers.front().wqkv.data)
        grow(m_qkv, tokens * (q_dim + 2 * kv_dim));
    grow(m_q, tokens * q_dim);
    grow(m_k, tokens * kv_dim);
    grow(m_v, tokens * kv_dim);
    grow(m_attention, tokens * q_dim);
    grow(m_projected, tokens * s.hidden);
    grow(m_gate, tokens * 2 * std::size_t { s.ffn });
    grow(m_up, tokens * s.ffn);
    grow(m_hidden_ffn, tokens * s.ffn);
    grow(m_angles, tokens * m_model.config().rope_dims);
    grow(m_scores, std::size_t { m_pool.size() } * attention_scratch_floats(m_cache.context(), s.head_dim));
    grow(m_last, tokens * s.hidden);
}

void Forward::run(std::span<const BatchToken> batch, std::span<float> logits, std::span<float> hidden_out)
{
    // A sliding-window ring holds kMaxRun positions past the window: a
    // longer batch goes in parts, each writing its tokens' outputs in turn.
    if (batch.size() > kMaxRun && m_model.config().sliding_window > 0) {
        const std::size_t vocab = m_model.config().shape.vocab, hidden = m_model.config().shape.hidden;
        std::size_t logits_at = 0, hidden_at = 0;
        for (std::size_t begin = 0; begin < batch.size(); begin += kMaxRun) {
            const auto part = batch.subspan(begin, std::min<std::size_t>(kMaxRun, batch.size() - begin));
            const auto wanted = static_cast<std::size_t>(
                std::count_if(part.begin(), part.end(), [](const BatchToken& t) { return t.logits; }));
            const auto states = static_cast<std::size_t>(
                std::count_if(part.begin(), part.end(), [](const BatchToken& t) { return t.hidden; }));
            run(part, logits.subspan(logits_at * vocab, wanted * vocab),
                hidden_out.empty() ? hidden_out : hidden_out.subspan(hidden_at * hidden, states * hidden));
            logits_at += wanted;
            hidden_at += states;
        }
        return;
    }
    prepare(batch, {});
    run_layers(batch, 0, m_model.config().shape.layers);
    finish(batch, logits, hidden_out);
}

void Forward::copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count)
{
    m_cache.copy_prefix(from, to, count);
}

void Forward::copy_upper_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count, std::uint32_t first_layer)
{
    m_cache.copy_prefix(from, to, count, first_layer);
}

ForwardPassDevice Forward::device() const
{
    ForwardPassDevice device;
    device.threads = m_pool.size();
    return device;
}

void Forward::run_lower(std::span<const BatchToken> batch, std::size_t last_layer, std::span<float> x_out)
{
    prepare(batch, {});
    run_layers(batch, 0, last_layer);
    std::copy_n(m_x.begin(), batch.size() * m_model.config().shape.hidden, x_out.begin());
}

void Forward::run_upper(std::span<const BatchToken> batch, std::size_t first_layer, std::span<const float> x,
    std::span<float> logits, std::span<float> hidden_out)
{
    prepare(batch, x);
    run_layers(batch, first_layer, m_model.config().shape.layers);
    finish(batch, logits, hidden_out);
}

void Forward::prepare(std::span<const BatchToken> batch, std::span<const float> x)
{
    const auto& config = m_model.config();
    const auto& weights = m_model.weights();
    const std::size_t hidden = config.shape.hidden;
    const std::size_t tokens = batch.size();
    resize(tokens);
    plan_attention(batch);

    const auto& embedding = weights.token_embedding;
    const auto& rope_factors = weights.rope_factors(config, m_cache.context());
    m_pool.parallel_for(tokens, 1, [&](std::size_t begin, std::size_t end) {
        for (std::size_t t = begin; t < end; ++t) {
            if (x.empty()) {
                const auto* row = static_cast<const std::byte*>(embedding.data) + batch[t].token * embedding.row_bytes;
                quant::dequantize_row(embedding.type, row, &m_x[t * hidden], hidden);
            } else {
                std::copy_n(x.begin() + static_cast<std::ptrdiff_t>(t * hidden), hidden,
                    m_x.begin() + static_cast<std::ptrdiff_t>(t * hidden));
            }
            rope_angles(config, rope_factors, batch[t].position, &m_angles[t * config.rope_dims]);
        }
    });
}

void Forward::run_layers(std::span<const BatchToken> batch, std::size_t first, std::size_t last)
{
    for (std::size_t layer = first; layer < last; ++layer) {
        attention_block(layer, batch);
        feed_forward_block(layer, batch.size());
    }
}

void Forward::finish(std::span<const BatchToken> batch, std::span<float> logits, std::span<float> hidden_out)
{
    const auto& config = m_model.config();
    const auto& weights = m_model.weights();
    const std::size_t hidden = config.shape.hidden;
    const std::size_t tokens = batch.size();
    std::size_t wanted = 0;
    std::size_t states = 0;
    for (std::size_t t = 0; t < tokens; ++t) {
        if (batch[t].logits) {
            rms_norm(&m_x[t * hidden], weights.output_norm.data(), config.rms_eps, &m_last[wanted * hidden], hidden);
            ++wanted;
        }
        if (batch[t].hidden) {
            rms_norm(
                &m_x[t * hidden], weights.output_norm.data(), config.rms_eps, &hidden_out[states * hidden], hidden);
            ++states;
        }
    }
    if (wanted && m_observer)
        m_observer(MatmulInput::Output, 0, std::span<const float>(m_last).first(wanted * hidden), wanted);
    if (wanted)
        matmul(weights.output, std::span(m_last).first(wanted * hidden), wanted,
            logits.first(wanted * config.shape.vocab), m_pool, m_scratch, m_level);
}

void Forward::attention_block(std::size_t layer_index, std::span<const BatchToken> batch)
{
    const auto& config = m_model.config();
    const auto& s = config.shape;
    const auto& layer = m_model.weights().layers[layer_index];
    const std::size_t tokens = batch.size();
    const std::size_t hidden = s.hidden;
    const std::size_t head_dim = s.head_dim;
    const std::size_t q_dim = std::size_t { s.heads } * head_dim;
    const std::size_t kv_dim = std::size_t { s.kv_heads } * head_dim;

    each_token(m_pool, tokens, hidden, [&](std::size_t t) {
        rms_norm(&m_x[t * hidden], layer.attn_norm.data(), config.rms_eps, &m_norm[t * hidden], hidden);
    });
    const auto input = std::span<const float>(m_norm).first(tokens * hidden);
    if (m_observer)
        m_observer(MatmulInput::Attention, layer_index, input, tokens);

    if (layer.wqkv.data) {
        const std::size_t width = q_dim + 2 * kv_dim;
        matmul(layer.wqkv, input, tokens, std::span(m_qkv).first(tokens * width), m_pool, m_scratch, m_level);
        each_token(m_pool, tokens, width, [&](std::size_t t) {
            const float* row = &m_qkv[t * width];
            std::memcpy(&m_q[t * q_dim], row, q_dim * sizeof(float));
            std::memcpy(&m_k[t * kv_dim], row + q_dim, kv_dim * sizeof(float));
            std::memcpy(&m_v[t * kv_dim], row + q_dim + kv_dim, kv_dim * sizeof(float));
        });
    } else {
        matmul(layer.wq, input, tokens, std::span(m_q).first(tokens * q_dim), m_pool, m_scratch, m_level);
        matmul(layer.wk, input, tokens, std::span(m_k).first(tokens * kv_dim), m_pool, m_scratch, m_level);
        matmul(layer.wv, input, tokens, std::span(m_v).first(tokens * kv_dim), m_pool, m_scratch, m_level);
    }

    each_token(m_pool, tokens, q_dim, [&](std::size_t t) {
        float* q = &m_q[t * q_dim];
        float* k = &m_k[t * kv_dim];
        float* v = &m_v[t * kv_dim];
        for (std::size_t i = 0; i < layer.bq.size(); ++i)
            q[i] += layer.bq[i];
        for (std::size_t i = 0; i < layer.bk.size(); ++i)
            k[i] += layer.bk[i];
        for (std::size_t i = 0; i < layer.bv.size(); ++i)
            v[i] += layer.bv[i];
        if (config.architecture.qk_norm) {
            for (std::size_t h = 0; h < s.heads; ++h)
                rms_norm(q + h * head_dim, layer.q_norm.data(), config.rms_eps, q + h * head_dim, head_dim);
            for (std::size_t h = 0; h < s.kv_heads; ++h)
                rms_norm(k + h * head_dim, layer.k_norm.data(), config.rms_eps, k + h * head_dim, head_dim);
        }
        const float* angles = &m_angles[t * config.rope_dims];
        rope_rotate(config, angles, q, s.heads);
        rope_rotate(config, angles, k, s.kv_heads);

        const auto layer_number = static_cast<std::uint32_t>(layer_index);
        m_cache.store(m_cache.keys(layer_number, batch[t].slot), layer_number, batch[t].position, k);
        m_cache.store(m_cache.values(layer_number, batch[t].slot), layer_number, batch[t].position, v);
    });

    attend(layer_index, batch);
    if (m_observer)
        m_observer(MatmulInput::AttentionOutput, layer_index, std::span<const float>(m_attention).first(tokens * q_dim),
            tokens);
    matmul(layer.wo, std::span<const float>(m_attention).first(tokens * q_dim), tokens,
        std::span(m_projected).first(tokens * hidden), m_pool, m_scratch, m_level);
    if (!layer.bo.empty())
        each_token(m_pool, tokens, hidden, [&](std::size_t t) {
            for (std::size_t i = 0; i < hidden; ++i)
                m_projected[t * hidden + i] += layer.bo[i];
        });
    add_in_place(m_pool, m_x, m_projected, tokens * hidden);
}

// The attention items of a batch, the same for every layer: each is up to a
// kernel's lanes of query rows that read one KV head of one sequence.
void Forward::plan_attention(std::span<const BatchToken> batch)
{
    const auto& s = m_model.config().shape;
    const std::size_t group = s.heads / s.kv_heads;
    const std::size_t lanes = attention_kernels(m_cache.type(), m_level).lanes;
    m_attention_items.clear();
    for (std::size_t run = 0, end; run < batch.size(); run = end) {
        for (end = run + 1; end < batch.size() && batch[end].slot == batch[run].slot; ++end) { }
        const std::size_t rows = (end - run) * group;
        for (std::uint32_t kv_head = 0; kv_head < s.kv_heads; ++kv_head)
            for (std::size_t row = 0; row < rows; row += lanes)
                m_attention_items.push_back({ static_cast<std::uint32_t>(run), kv_head, static_cast<std::uint32_t>(row),
                    static_cast<std::uint32_t>(std::min(lanes, rows - row)) });
    }
}

void Forward::attend(std::size_t layer_index, std::span<const BatchToken> batch)
{
    const auto& s = m_model.config().shape;
    const std::size_t head_dim = s.head_dim;
    const std::size_t q_dim = std::size_t { s.heads } * head_dim;
    const std::size_t kv_dim = std::size_t { s.kv_heads } * head_dim;
    const std::size_t group = s.heads / s.kv_heads;
    const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
    const auto& sinks = m_model.weights().layers[layer_index].sinks;
    const std::uint32_t window = m_model.config().windowed(layer_index) ? m_model.config().sliding_window : 0;
    const auto& kernels = attention_kernels(m_cache.type(), m_level);
    const std::size_t element = m_cache.element_bytes();
    const std::size_t scratch_floats = attention_scratch_floats(m_cache.context(), head_dim);

    // Handed out as threads finish, the batch's last tokens first: a token's
    // cost grows with its position, so equal shares of a prompt would leave
    // the thread with its end doing twice the average.
    std::atomic<std::size_t> taken { 0 };
    m_pool.run([&](unsigned thread, unsigned) {
        float* scratch = &m_scores[thread * scratch_floats];
        for (std::size_t claimed;
             (claimed = taken.fetch_add(1, std::memory_order_relaxed)) < m_attention_items.size();) {
            const auto& item = m_attention_items[m_attention_items.size() - 1 - claimed];
            AttentionRows rows;
            rows.count = item.rows;
            for (std::size_t i = 0; i < item.rows; ++i) {
                const std::size_t t = item.first_token + (item.first_row + i) / group;
                const std::size_t head = item.kv_head * group + (item.first_row + i) % group;
                rows.q[i] = &m_q[t * q_dim + head * head_dim];
                rows.out[i] = &m_attention[t * q_dim + head * head_dim];
                rows.positions[i] = batch[t].position + 1;
                rows.firsts[i] = window && rows.positions[i] > window ? rows.positions[i] - window : 0;
                if (!sinks.empty())
                    rows.sinks[i] = sinks[head];
            }
            const std::uint32_t slot = batch[item.first_token].slot;
            const auto layer = static_cast<std::uint32_t>(layer_index);
            rows.origin = m_cache.origin(layer, *std::min_element(rows.firsts, rows.firsts + rows.count));
            const std::size_t kv_offset = item.kv_head * head_dim * element;
            kernels.attend(rows, m_cache.keys(layer, slot) + kv_offset, m_cache.values(layer, slot) + kv_offset, kv_dim,
                head_dim, scale, scratch);
        }
    });
}

void Forward::feed_forward_block(std::size_t layer_index, std::size_t tokens)
{
    const auto& config = m_model.config();
    const auto& layer = m_model.weights().layers[layer_index];
    const std::size_t hidden = config.shape.hidden;
    const std::size_t ffn = config.shape.ffn;

    each_token(m_pool, tokens, hidden, [&](std::size_t t) {
        rms_norm(&m_x[t * hidden], layer.ffn_norm.data(), config.rms_eps, &m_norm[t * hidden], hidden);
    });
    const auto input = std::span<const float>(m_norm).first(tokens * hidden);
    if (m_observer)
        m_observer(MatmulInput::FeedForward, layer_index, input, tokens);

    if (config.experts()) {
        m_experts.run(config, layer.experts, input, tokens, std::span(m_projected).first(tokens * hidden), m_pool,
            m_scratch, m_level, m_gated);
        add_in_place(m_pool, m_x, m_projected, tokens * hidden);
        return;
    }
    if (layer.w_gate_up.data) {
        matmul(layer.w_gate_up, input, tokens, std::span(m_gate).first(tokens * 2 * ffn), m_pool, m_scratch, m_level);
        each_token(m_pool, tokens, ffn, [&](std::size_t t) {
            m_gated(&m_gate[t * 2 * ffn], &m_gate[t * 2 * ffn + ffn], &m_hidden_ffn[t * ffn], ffn);
        });
    } else {
        matmul(layer.w_gate, input, tokens, std::span(m_gate).first(tokens * ffn), m_pool, m_scratch, m_level);
        matmul(layer.w_up, input, tokens, std::span(m_up).first(tokens * ffn), m_pool, m_scratch, m_level);
        // One array of tokens × ffn values: a decode step splits its one row too.
        split_values(m_pool, tokens * ffn, 1024, [&](std::size_t begin, std::size_t end) {
            m_gated(&m_gate[begin], &m_up[begin], &m_hidden_ffn[begin], end - begin);
        });
    }
    if (m_observer)
        m_observer(MatmulInput::FeedForwardDown, layer_index, std::span<const float>(m_hidden_ffn).first(tokens * ffn),
            tokens);
    matmul(layer.w_down, std::span<const float>(m_hidden_ffn).first(tokens * ffn), tokens,
        std::span(m_projected).first(tokens * hidden), m_pool, m_scratch, m_level);
    add_in_place(m_pool, m_x, m_projected, tokens * hidden);
}

} // namespace hearth::cpu
