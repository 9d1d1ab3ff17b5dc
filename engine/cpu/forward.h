#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "engine/cpu/expert_block.h"
#include "engine/cpu/gated_activation.h"
#include "engine/cpu/kv_cache.h"
#include "engine/cpu/matmul.h"
#include "engine/cpu/thread_pool.h"
#include "engine/model/forward_pass.h"

namespace hearth {
class Model;
} // namespace hearth

namespace hearth::cpu {

// The activations a group of weight matrices multiplies: what an importance
// matrix is computed from. Attention is the input of Q, K and V (or QKV),
// FeedForward that of gate and up (or gate_up).
enum class MatmulInput { Attention, AttentionOutput, FeedForward, FeedForwardDown, Output };
using ActivationObserver
    = std::function<void(MatmulInput input, std::size_t layer, std::span<const float> values, std::size_t tokens)>;

// The transformer forward pass on the CPU, with the thread pool and the KV
// cache it owns (`threads`, `context`, `slot_count` and `kv_type` of the
// options). Tokens of several sequences run together: every weight matrix is
// read once per batch. Each token attends to its own slot's positions up to
// and including its own. Positions must be below the context (the caller
// checks).
class Forward final : public ForwardPass {
public:
    Forward(const Model& model, const ForwardPassOptions& options);

    void run(std::span<const BatchToken> batch, std::span<float> logits, std::span<float> hidden = {}) override;
    void copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count) override;
    std::uint32_t reusable(std::uint32_t held, std::uint32_t common) const override
    {
        return m_cache.reusable(held, common);
    }
    ForwardPassDevice device() const override;

    // The model in two parts, for a split between devices (never a model
    // with sliding windows: the GPU does not run those): layers
    // [0, last_layer) from the tokens' embeddings, writing the residual
    // stream ([tokens][hidden]) into x_out; and layers [first_layer, end)
    // from such a stream, with run's outputs. Each part's cache layers are
    // its own. run_lower then run_upper at the same layer is run.
    void run_lower(std::span<const BatchToken> batch, std::size_t last_layer, std::span<float> x_out);
    void run_upper(std::span<const BatchToken> batch, std::size_t first_layer, std::span<const float> x,
        std::span<float> logits, std::span<float> hidden = {});
    // copy_prefix for the cache layers from `first_layer` on: those run_upper writes.
    void copy_upper_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count, std::uint32_t first_layer);

    // Called, on the calling thread, with each matrix input (tokens × width
    // values) before it is multiplied; none by default.
    void set_activation_observer(ActivationObserver observer) { m_observer = std::move(observer); }

private:
    // The input rows (embeddings, or `x` when given) and each token's RoPE angles.
    void prepare(std::span<const BatchToken> batch, std::span<const float> x);
    void run_layers(std::span<const BatchToken> batch, std::size_t first, std::size_t last);
    // The output norm, then logits and hidden states as run describes.
    void finish(std::span<const BatchToken> batch, std::span<float> logits, std::span<float> hidden);
    void attention_block(std::size_t layer, std::span<const BatchToken> batch);
    void feed_forward_block(std::size_t layer, std::size_t tokens);
    void plan_attention(std::span<const BatchToken> batch);
    void attend(std::size_t layer, std::span<const BatchToken> batch);
    void resize(std::size_t tokens);

    const Model& m_model;
    ActivationObserver m_observer;
    ThreadPool m_pool;
    KvCache m_cache; // pages become resident as they are written: a split pass's lower layers stay unused
    MatmulScratch m_scratch;
    SimdLevel m_level = detect_simd_level();
    GatedKernel m_gated; // the feed-forward blocks' gated activation, for this architecture and level
    ExpertBlock m_experts; // a mixture of experts' feed-forward blocks, with their buffers

    // Activations, [tokens][width] each.
    std::vector<float> m_x; // residual stream [hidden]
    std::vector<float> m_norm; // normalised input of a block [hidden]
    std::vector<float> m_qkv; // fused projections [q_dim + 2 kv_dim]
    std::vector<float> m_q, m_k, m_v; // [q_dim], [kv_dim], [kv_dim]
    std::vector<float> m_attention; // per-head outputs [q_dim]
    std::vector<float> m_projected; // [hidden]
    std::vector<float> m_gate, m_up; // [ffn] each, or [2 ffn] fused in m_gate
    std::vector<float> m_hidden_ffn; // [ffn]
    std::vector<float> m_angles; // [tokens][rope_dims]
    std::vector<float> m_scores; // [threads][attention_scratch_floats(context, head_dim)]
    // Up to a kernel's lanes of query rows that read one KV head of one
    // sequence: the heads of its GQA group, token after token of a run of the
    // batch in the same slot. Planned once a batch (plan_attention).
    struct AttentionItem {
        std::uint32_t first_token, kv_head, first_row, rows;
    };
    std::vector<AttentionItem> m_attention_items;
    std::vector<float> m_last; // the tokens whose logits are wanted [hidden]
};

} // namespace hearth::cpu
