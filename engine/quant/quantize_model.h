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

#include "gguf/ggml_type.h"

namespace hearth {

class GgufFile;
class ImportanceMatrix;

// The whole-model types Hearth writes. The _M and _S mixes keep some
// tensors at more bits, as llama.cpp's quantizer does.
enum class ModelQuant { F16, BF16, Q8_0, Q6_K, Q5_K_M, Q5_K_S, Q4_K_M, Q4_K_S, Q4_0, Q5_1, Q5_0, Q4_1 };

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

// Every tensor's target type: 1-D tensors (norms, biases) stay as they are;
// the output projection (or a tied embedding) gets Q6_K below 8 bits; the
// _M mixes give attn_v and ffn_down Q6_K in the layers that matter most
// (the first and last eighth and every third between), the _S mixes a
// little more in the first layers; a row that K-quant blocks (256) do not
// divide falls back as llama.cpp's quantizer does (Q4_K → Q5_0, Q5_K →
// Q5_1, Q6_K → Q8_0), or to F16 when 32 does not divide it either.
std::vector<TensorQuantPlan> plan_model_quant(const GgufFile& in, ModelQuant target);

// The type one matrix (rows of `row_length`) gets in a model of `layers`
// layers; `output` for the output projection or a tied embedding.
GgmlType planned_matrix_type(
    std::string_view name, std::uint64_t row_length, int layers, bool output, ModelQuant target);

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
    // When given, Q4_0 and the K-quants weigh each column by it (tensors it
    // has no entry for are quantized as without).
    const ImportanceMatrix* importance = nullptr;
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
// time. Throws GgufError for a tensor type it cannot read, std::system_error
// for the disk, QuantizeCancelled.
void quantize_model(const GgufFile& in, const std::filesystem::path& out, const QuantizeOptions& options);

} // namespace hearth
