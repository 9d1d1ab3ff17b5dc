#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hearth {

// How query and key vectors are rotated: pairs of adjacent values (llama.cpp's
// "normal" RoPE, for the llama architecture, whose converter permutes Q/K rows
// for it) or pairs half a head apart (NEOX: Qwen2/3, Phi-3).
enum class RopeStyle { Adjacent, Neox };

// Whether a layer's feed-forward block is one dense gated MLP or a router's
// choice of experts: never, when the file counts experts (Mixtral is the
// llama architecture with `expert_count`), or always.
enum class ExpertUse { Never, WhenCounted, Always };

// How a router's logits become the chosen experts and their weights.
enum class ExpertGating {
    // Softmax over all experts, the k most probable chosen, their
    // probabilities rescaled to sum to one (Qwen3-MoE, Mixtral).
    SoftmaxTopKNormalized,
    // The k largest logits chosen, their weights a softmax over those k
    // alone (gpt-oss).
    TopKSoftmax,
};

// The gated activation of a feed-forward block.
enum class GatedActivation {
    SwiGlu, // silu(gate) × up
    // gpt-oss: gate clamped from above and up on both sides at 7, then
    // gate × σ(1.702 gate) × (up + 1).
    SwiGluClamped,
};

// One architecture as GGUF names it, stated once for every device: the
// variant of each block its layers run. The forward passes execute these
// blocks and never test an architecture's name; adding an architecture is
// an entry in architecture.cpp plus any block it needs that none has yet.
struct Architecture {
    std::string_view name; // general.architecture
    RopeStyle rope = RopeStyle::Neox;

    // Attention block.
    bool fused_qkv = false; // Q, K and V may come as one attn_qkv matrix (Phi-3)
    bool qkv_bias = false; // Q, K and V may have biases (Qwen2): bound where the file has them
    bool qk_norm = false; // per-head RMSNorm of queries and keys (Qwen3)
    bool output_bias = false; // attn_output has a bias (gpt-oss)
    // A learned logit per head that takes its share of every softmax without
    // a value: attention may look at nothing (gpt-oss).
    bool attention_sinks = false;
    // With attention.sliding_window in the file: every period-th layer sees
    // the whole context, the others only the window; the file's
    // attention.sliding_window_pattern overrides it (gpt-oss: 2). 0: none.
    std::uint32_t sliding_window_period = 0;

    // Feed-forward block: a gated MLP, dense or one per expert.
    std::string_view ffn_norm = "ffn_norm"; // its input norm's tensor (gpt-oss: post_attention_norm)
    bool fused_gate_up = false; // gate and up as one ffn_up matrix (Phi-3)
    GatedActivation activation = GatedActivation::SwiGlu;
    ExpertUse experts = ExpertUse::Never;
    ExpertGating gating = ExpertGating::SoftmaxTopKNormalized;
    bool expert_biases = false; // the router and every expert matrix have biases (gpt-oss)
};

// Every architecture the engine runs.
std::span<const Architecture> architectures();

// The one named `name`, or null.
const Architecture* find_architecture(std::string_view name);

// "llama, qwen2, …": for messages that say what Hearth runs.
std::string architecture_list();

} // namespace hearth
