#pragma once

// Weight rows for the GPU tests in every format: random rows quantized the
// way files are, or — for the formats Hearth reads but does not write — the
// quant fixture's random blocks (every grid point, finite scales), from a
// random block on.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <random>
#include <vector>

#include "engine/gguf/ggml_type.h"
#include "engine/quant/quantize.h"
#include "tests/engine/quant/reference_inputs.h"

namespace hearth::test {

inline void fill_weight_row(GgmlType type, std::size_t cols, std::mt19937& random, std::byte* out)
{
    const std::size_t bytes = *ggml_tensor_bytes(type, cols);
    if (quant::can_quantize_row(type)) {
        std::normal_distribution<float> normal(0.0f, 1.0f);
        std::vector<float> row(cols);
        for (float& v : row)
            v = normal(random) * 0.05f;
        quant::quantize_row(type, row.data(), out, cols);
        return;
    }
    const auto traits = *ggml_type_traits(static_cast<std::uint32_t>(type));
    const auto& cases = quant_reference::random_block_cases();
    const auto c = std::find_if(cases.begin(), cases.end(), [&](const auto& each) { return each.type == traits.name; });
    static std::vector<std::vector<std::uint8_t>> blocks(cases.size());
    auto& pool = blocks[static_cast<std::size_t>(c - cases.begin())];
    if (pool.empty())
        pool = quant_reference::make_random_blocks(static_cast<std::size_t>(c - cases.begin()));
    const std::size_t count = pool.size() / traits.block_bytes;
    std::size_t at = std::uniform_int_distribution<std::size_t>(0, count - 1)(random);
    for (std::size_t i = 0; i < bytes; i += traits.block_bytes, at = (at + 1) % count)
        std::memcpy(out + i, pool.data() + at * traits.block_bytes, traits.block_bytes);
}

// Every weight format the engine runs.
inline std::vector<GgmlType> all_weight_formats()
{
    return { GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_1,
        GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q2_K, GgmlType::Q3_K, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K,
        GgmlType::IQ4_NL, GgmlType::IQ4_XS, GgmlType::IQ3_XXS, GgmlType::IQ3_S, GgmlType::IQ2_XXS, GgmlType::IQ2_XS,
        GgmlType::IQ2_S, GgmlType::IQ1_S, GgmlType::IQ1_M, GgmlType::MXFP4, GgmlType::TQ1_0, GgmlType::TQ2_0 };
}

} // namespace hearth::test
