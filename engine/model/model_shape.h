#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hearth {

class GgufFile;

// The hyper-parameters that decide a transformer's size in memory. Names follow
// the user's words ("layers", "KV heads") rather than any one file format.
struct ModelShape {
    std::string architecture; // GGUF's general.architecture: llama, qwen2, deepseek2, …
    std::uint32_t layers = 0;
    std::uint32_t hidden = 0; // embedding width
    std::uint32_t heads = 0;
    std::uint32_t kv_heads = 0; // < heads for grouped-query attention
    std::uint32_t head_dim = 0; // per head, for keys and values
    std::uint32_t ffn = 0; // gated FFN width of a dense layer
    std::uint32_t vocab = 0;
    std::uint32_t max_context = 0; // longest context the model was trained for
    bool tied_embeddings = false; // output projection shares the token embedding
    bool attention_bias = false; // q/k/v biases (Qwen2)

    // Mixture of experts: 0 experts means every layer is dense.
    std::uint32_t experts = 0;
    std::uint32_t experts_used = 0; // routed experts per token
    std::uint32_t shared_experts = 0; // always-on experts (DeepSeek)
    std::uint32_t expert_ffn = 0;
    std::uint32_t dense_layers = 0; // leading layers that keep a dense FFN

    // Multi-head latent attention (DeepSeek-V2/V3): the cache keeps one
    // compressed latent of kv_lora_rank + rope_head_dim per token and layer.
    std::uint32_t q_lora_rank = 0;
    std::uint32_t kv_lora_rank = 0;
    std::uint32_t rope_head_dim = 0;
    std::uint32_t nope_head_dim = 0;
    std::uint32_t v_head_dim = 0;

    // Sliding-window attention (gpt-oss): `windowed_layers` of the layers
    // see only the last `sliding_window` positions.
    std::uint32_t sliding_window = 0;
    std::uint32_t windowed_layers = 0;

    bool is_moe() const { return experts > 0; }
    bool uses_mla() const { return kv_lora_rank > 0; }
};

// Positions a batch may add to one slot in one pass: past its window, what a
// sliding-window layer's cache holds on the CPU.
inline constexpr std::uint32_t kSlidingWindowSlack = 512;

// Whether a layer sees only the window: every period-th layer sees the whole
// context, the others the window (period 0: every layer).
inline bool windowed_layer(std::size_t layer, std::uint32_t window, std::uint32_t period)
{
    return window > 0 && (period == 0 || layer % period < period - 1);
}

// Rows a sliding-window layer's cache keeps per slot: a ring of the window
// and kSlidingWindowSlack, every position twice so any run of them is
// contiguous, when that is fewer than the context; else the context.
inline std::uint64_t windowed_cache_rows(std::uint32_t window, std::uint32_t context)
{
    const std::uint64_t ring = 2 * (std::uint64_t { window } + kSlidingWindowSlack);
    return ring < context ? ring : context;
}

// Parameters of one layer and of the rest, counted from the shape alone.
struct ParameterCount {
    std::vector<std::uint64_t> per_layer;
    std::uint64_t embedding = 0; // token embedding table
    std::uint64_t output = 0; // output projection and final norm
    std::uint64_t idle_experts = 0; // of a mixture of experts: the experts a token does not use
    std::uint64_t total() const;
    // All but the idle experts: the "active parameters" model authors
    // publish (Mixtral 8x7B: 12.9 B of 46.7 B).
    std::uint64_t active() const { return total() - idle_experts; }
};

ParameterCount count_parameters(const ModelShape& shape);

// The weights as a file stores them: exact bytes per layer, and the rest.
struct StoredWeights {
    std::vector<std::uint64_t> layer_bytes;
    std::uint64_t embedding_bytes = 0;
    std::uint64_t output_bytes = 0; // output projection, final norm, anything outside blk.N
    std::uint64_t parameters = 0;
    std::string quantization; // e.g. "Q4_K_M", from general.file_type
    std::uint64_t total_bytes() const;
};

// Reads a GGUF's hyper-parameters. Throws GgufError when a key the shape
// cannot do without is missing.
ModelShape shape_from_gguf(const GgufFile& file);
StoredWeights stored_weights(const GgufFile& file, const ModelShape& shape);

} // namespace hearth
