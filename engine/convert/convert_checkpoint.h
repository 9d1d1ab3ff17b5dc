#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <stdexcept>

#include "engine/convert/safetensors.h"
#include "engine/gguf/ggml_type.h"

namespace hearth {

struct ConvertOptions {
    GgmlType type = GgmlType::F16; // of the matrices: F16, BF16 or F32; norms and biases stay F32
    std::function<void(std::size_t tensors_done, std::size_t tensors)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

class ConvertCancelled : public std::runtime_error {
public:
    ConvertCancelled()
        : std::runtime_error("conversion cancelled")
    { }
};

// A Hugging Face checkpoint folder (config.json, safetensors — sharded or
// not —, tokenizer.json, tokenizer_config.json) of a Llama, Mistral, Qwen2,
// Qwen3 or Phi-3 model → one GGUF file with its hyper-parameters, tokenizer
// and chat template, loadable by Hearth and by llama.cpp. Llama's Q and K
// rows are permuted into the order ggml's RoPE expects. Tensors are read
// from the mapped checkpoint one at a time as the file is written, through
// a temporary name renamed when complete. Throws ConvertError,
// ConvertCancelled, std::system_error.
void convert_checkpoint(
    const std::filesystem::path& folder, const std::filesystem::path& out, const ConvertOptions& options);

// Llama's Q/K permutation (llama.cpp's converter): within each head, row
// i * head_dim / 2 + j moves to 2 * j + i. `rows` is heads × head_dim rows
// of `cols` values; `to` receives them permuted.
void permute_rope_rows(std::span<const float> from, std::span<float> to, std::uint32_t heads, std::uint64_t cols);

} // namespace hearth
