#pragma once

// Random-weight models of each architecture the engine runs, written as GGUF
// with a real vocabulary, for the engine's end-to-end tests and for making
// their llama.cpp reference outputs (tests/fixtures/models). The weights
// depend only on the seed, the tensor's name and its shape, and are made with
// integer arithmetic and exact float steps, so every machine writes the same
// bytes.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "engine/gguf/ggml_type.h"

namespace hearth {
struct Vocabulary;
}

namespace hearth::test {

struct TestModelSpec {
    std::string architecture = "llama"; // llama, qwen2, qwen3, qwen3moe, phi3, gpt-oss
    std::uint32_t hidden = 256;
    std::uint32_t layers = 2;
    std::uint32_t heads = 4;
    std::uint32_t kv_heads = 2;
    std::uint32_t head_dim = 64;
    std::uint32_t ffn = 512;
    std::uint32_t context = 1024;
    GgmlType weights = GgmlType::F32; // the 2-D tensors; norms and biases stay F32
    std::uint64_t seed = 1;
    bool tie_embeddings = false;
    bool rope_freq_factors = false; // Llama 3.1-style rope_freqs.weight
    bool long_rope = false; // Phi-3.5-style LongRoPE: short and long factors, attention factor,
                            // an original context of 256 (so a 512-token context uses the long ones)
    // A mixture of experts (qwen3moe, or llama as Mixtral when experts > 0):
    // `experts` SwiGLU MLPs of `expert_ffn`, `experts_used` per token, chosen
    // by an F32 router whose logits have about `router_std` spread.
    std::uint32_t experts = 0;
    std::uint32_t experts_used = 2;
    std::uint32_t expert_ffn = 128;
    float router_std = 1.0f;
    bool experts_apart = false; // one tensor per expert (blk.N.ffn_gate.E.weight), as files before April 2024
    std::optional<GgmlType> expert_weights; // the experts' type when not `weights` (gpt-oss ships MXFP4)
    // gpt-oss: even layers see the last `sliding_window` positions only. Its
    // files always have attention sinks, biases and YaRN (factor 32 over an
    // original 4096 positions, as the released models).
    std::uint32_t sliding_window = 8;
    float logit_std = 4.0f; // next-token distributions about as peaked as a trained model's
    float qk_gain = 1.5f; // std of query and key entries
};

// Throws std::exception on a bad spec or an unwritable path.
void write_test_model(const TestModelSpec& spec, const Vocabulary& vocabulary, const std::filesystem::path& path);

} // namespace hearth::test
