#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/gguf/ggml_type.h"
#include "engine/quant/quant_mix.h"

namespace hearth {

class GgufFile;
class ImportanceMatrix;

std::optional<ModelQuant> model_quant_from_name(std::string_view name); // "q4_k_m" too
std::string_view model_quant_name(ModelQuant quant);
// general.file_type, llama.cpp's numbering.
std::uint32_t model_quant_file_type(ModelQuant quant);
const std::vector<ModelQuant>& all_model_quants();

// What one tensor becomes.
struct TensorQuantPlan {
    std::string name;
    std::vector<std::uint64_t> shape;
    GgmlType from = GgmlType::F32;
    GgmlType to = GgmlType::F32;
};

// Every tensor's target type: what llama.cpp's quantizer gives it (see
// quant_mix.h) — norms, biases and routers stay as they are; the output
// projection (or a tied embedding) gets Q6_K below 8 bits; each mix gives
// attn_v, ffn_down and attn_output more bits where llama.cpp does; a row
// that the blocks do not divide falls back to llama.cpp's 32-element
// stand-in. `importance`: whether an importance matrix will be given (two
// rules depend on it).
std::vector<TensorQuantPlan> plan_model_quant(const GgufFile& in, ModelQuant target, bool importance = false);

// The model-wide numbers the mix rules read, from the file's metadata.
QuantMix quant_mix_of(const GgufFile& in, ModelQuant target, bool importance = false);

// Why `in` cannot be quantized to `target` with `importance` (null: none):
// a tensor llama.cpp writes in a 1- to 3-bit i-quant that has no importance
// weights. nullopt when nothing is missing.
std::optional<std::string> missing_importance(
    const GgufFile& in, ModelQuant target, const ImportanceMatrix* importance);

struct QuantizeProgress {
    std::size_t tensors_done = 0;
    std::size_t tensors = 0;
    std::uint64_t elements_done = 0;
    std::uint64_t elements = 0;
    std::string_view tensor; // the one just written
};

struct QuantizeOptions {
    ModelQuant target = ModelQuant::Q4_K_M;
    unsigned threads = 0; // 0: one per core
    std::function<void(const QuantizeProgress&)> progress; // after each tensor, on the calling thread
    const std::atomic<bool>* cancel = nullptr; // set: stop at the next tensor
    // When given, every quantizer weighs each column by it (tensors it has
    // no entry for are quantized as without, except where the 1- to 3-bit
    // i-quants need it: importance_required()).
    const ImportanceMatrix* importance = nullptr;
};

// The 1- to 3-bit i-quants without the importance matrix they need.
class ImportanceRequired : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class QuantizeCancelled : public std::runtime_error {
public:
    QuantizeCancelled()
        : std::runtime_error("quantization cancelled")
    { }
};

// Writes `in` quantized to `out`, with all of its metadata (general.file_type
// changed), through a temporary file renamed only when complete: a crash,
// an error or a cancel leaves no file under `out`. One tensor is held at a
// time. Throws GgufError for a tensor type it cannot read,
// ImportanceRequired before writing anything, std::system_error for the
// disk, QuantizeCancelled.
void quantize_model(const GgufFile& in, const std::filesystem::path& out, const QuantizeOptions& options);

} // namespace hearth
