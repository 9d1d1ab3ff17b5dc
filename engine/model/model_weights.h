#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/model/weight_matrix.h"

namespace hearth {

class GgufFile;
struct ModelConfig;

// A layer's experts and the router that chooses among them, one matrix of
// each kind per expert: views into GGUF's 3-D expert tensors, or the
// separate tensors of each expert that files written before April 2024 hold
// (Mixtral's first GGUF files).
struct ExpertWeights {
    WeightMatrix router; // [experts, hidden]
    std::vector<WeightMatrix> gate, up; // [expert_ffn, hidden] each (empty when fused)
    std::vector<WeightMatrix> gate_up; // [2 expert_ffn, hidden] each: gate rows then up rows, else empty
    std::vector<WeightMatrix> down; // [hidden, expert_ffn] each
    // Biases (gpt-oss), else empty: the router's [experts], and one row per
    // expert of each matrix's outputs, [experts][expert_ffn] or [experts][hidden].
    std::vector<float> router_bias, gate_bias, up_bias, down_bias;

    // What a token reads of the experts: the router and `used` of `count`
    // experts' matrices (they are all the same size).
    std::uint64_t bytes_read(std::uint32_t used, std::uint32_t count) const;
};

// One transformer block's weights. Matrices point into the mapped file (never
// copied); the small vectors (norms, biases) are converted to floats at load.
// Shapes are [rows, cols] with q_dim = heads × head_dim, kv_dim = kv_heads × head_dim.
struct LayerWeights {
    std::vector<float> attn_norm; // [hidden]
    WeightMatrix wq; // [q_dim, hidden]  (empty when wqkv is fused)
    WeightMatrix wk, wv; // [kv_dim, hidden]
    WeightMatrix wqkv; // [q_dim + 2 kv_dim, hidden] (Phi-3), else empty
    std::vector<float> bq, bk, bv; // [q_dim], [kv_dim] (Qwen2), else empty
    std::vector<float> q_norm, k_norm; // [head_dim] (Qwen3), else empty
    WeightMatrix wo; // [hidden, q_dim]
    std::vector<float> bo; // [hidden] (gpt-oss), else empty
    std::vector<float> sinks; // [heads]: each head's attention sink logit (gpt-oss), else empty
    std::vector<float> ffn_norm; // [hidden]
    WeightMatrix w_gate, w_up; // [ffn, hidden] (empty gate when fused)
    WeightMatrix w_gate_up; // [2 ffn, hidden]: gate rows then up rows (Phi-3), else empty
    WeightMatrix w_down; // [hidden, ffn]
    ExpertWeights experts; // instead of the dense gate, up and down in a mixture of experts

    // Every matrix and every float vector, in one order (absent ones empty),
    // for code that treats them alike: uploading, counting bytes.
    // The experts' matrices are apart: a token reads only its chosen ones.
    std::array<const WeightMatrix*, 9> matrices() const
    {
        return { &wq, &wk, &wv, &wqkv, &wo, &w_gate, &w_up, &w_gate_up, &w_down };
    }
    std::array<const std::vector<float>*, 9> vectors() const
    {
        return { &attn_norm, &bq, &bk, &bv, &q_norm, &k_norm, &bo, &sinks, &ffn_norm };
    }
};

struct ModelWeights {
    WeightMatrix token_embedding; // [vocab, hidden]
    std::vector<float> output_norm; // [hidden]
    WeightMatrix output; // [vocab, hidden]; the token embedding when tied
    std::vector<float> rope_freq_factors; // [rope_dims / 2] (Llama 3.1+), else empty
    // LongRoPE (Phi-3 128k, Phi-3.5): per-dimension factors within the
    // original context and beyond it, [rope_dims / 2] each, else empty.
    std::vector<float> rope_factors_short, rope_factors_long;

    // The frequency factors a context of `context` tokens uses (empty: none).
    const std::vector<float>& rope_factors(const ModelConfig& config, std::uint32_t context) const;
    std::vector<LayerWeights> layers;
};

// Finds every tensor the configuration calls for and checks its shape and
// type. Throws ModelError naming the tensor and what is wrong. `file` must
// outlive the result.
ModelWeights bind_weights(const GgufFile& file, const ModelConfig& config);

} // namespace hearth
