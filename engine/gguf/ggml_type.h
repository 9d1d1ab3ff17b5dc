#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hearth {

// Tensor element types as numbered in GGUF files (ggml's enum ggml_type).
// Numbers that ggml retired (4, 5, 31–33, 36–38) are unknown here on purpose.
enum class GgmlType : std::uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    BF16 = 30,
    TQ1_0 = 34,
    TQ2_0 = 35,
    MXFP4 = 39,
    NVFP4 = 40,
    Q1_0 = 41,
    Q2_0 = 42,
};

// How a type packs elements: `block_bytes` bytes hold `block_elements` values.
struct GgmlTypeTraits {
    std::string_view name;
    std::uint32_t block_elements;
    std::uint32_t block_bytes;

    double bits_per_weight() const { return 8.0 * block_bytes / block_elements; }
};

// nullopt for a number this build does not know.
std::optional<GgmlTypeTraits> ggml_type_traits(std::uint32_t type);
std::optional<GgmlType> ggml_type_from_name(std::string_view name);

// Bytes that `elements` values of `type` occupy; nullopt when the count is not
// a whole number of blocks or the size overflows 64 bits.
std::optional<std::uint64_t> ggml_tensor_bytes(GgmlType type, std::uint64_t elements);

} // namespace hearth
