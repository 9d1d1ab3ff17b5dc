#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace hearth {

// A quantization a model can be stored in, as the planner sees it: how many
// bits one weight costs on average.
struct QuantLevel {
    std::string_view name;
    double bits_per_weight;
};

// From most to least precise. The K-quant mixes (Q4_K_M, …) keep some tensors
// at higher precision, so their averages are measured, not nominal: file size
// × 8 / parameters of Llama-3.1-8B-Instruct quantized by llama.cpp.
std::span<const QuantLevel> quant_levels();
std::optional<QuantLevel> find_quant_level(std::string_view name); // case-insensitive

// KV cache element types: bytes per cached element.
enum class KvType { F16, Q8_0 };
double kv_bytes_per_element(KvType type); // Q8_0 packs 32 values in 34 bytes
std::string_view kv_type_name(KvType type);
std::optional<KvType> kv_type_from_name(std::string_view name); // "f16", "q8_0"

} // namespace hearth
