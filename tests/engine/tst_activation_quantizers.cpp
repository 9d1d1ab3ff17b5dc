// The vectorized activation quantizers at every SIMD level against
// quant::quantize_activations_row, byte for byte.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "engine/cpu/activation_quantizers.h"
#include "engine/gguf/ggml_type.h"
#include "engine/quant/quantize_activations.h"

namespace hearth::cpu {
namespace {

std::size_t row_bytes(GgmlType type, std::size_t n)
{
    const auto traits = *ggml_type_traits(static_cast<std::uint32_t>(type));
    return n / traits.block_elements * traits.block_bytes;
}

// Rows with what the scalar loops decide element by element: a block of
// zeros, a block whose largest magnitude occurs as both +m and -m (the first
// one sets the sign of d), a block whose products land on halves (ties round
// to even), tiny and huge values.
std::vector<float> awkward_row(std::size_t n, std::mt19937& random)
{
    std::normal_distribution<float> normal;
    std::vector<float> x(n);
    for (auto& v : x)
        v = normal(random);
    std::fill(x.begin(), x.begin() + 32, 0.0f);
    x[40] = -9.0f;
    x[45] = 9.0f;
    x[300] = 9.5f;
    x[260] = -9.5f;
    // With -127 the largest, the scale is 1 and the other values are the products.
    for (std::size_t i = 512; i < 768; ++i)
        x[i] = static_cast<float>(static_cast<int>(i % 200) - 100) + 0.5f;
    x[700] = -127.0f;
    x[800] = 1e-30f;
    x[1000] = 3e30f;
    return x;
}

TEST(ActivationQuantizers, EveryLevelWritesTheScalarBytes)
{
    std::mt19937 random(3);
    for (const auto level : { SimdLevel::Avx2, SimdLevel::Avx512, SimdLevel::Avx512Vnni }) {
        if (!simd_level_supported(level))
            continue;
        for (const auto type : { GgmlType::Q8_0, GgmlType::Q8_1, GgmlType::Q8_K }) {
            const auto quantize = activation_quantizer(type, level);
            ASSERT_NE(quantize, nullptr) << simd_level_name(level);
            for (int round = 0; round < 20; ++round) {
                const std::size_t n = 1024;
                const auto x = awkward_row(n, random);
                std::vector<std::byte> expected(row_bytes(type, n)), actual(row_bytes(type, n));
                quant::quantize_activations_row(type, x.data(), expected.data(), n);
                quantize(x.data(), actual.data(), n);
                EXPECT_EQ(std::memcmp(expected.data(), actual.data(), expected.size()), 0)
                    << simd_level_name(level) << " " << ggml_type_traits(static_cast<std::uint32_t>(type))->name;
            }
        }
    }
}

TEST(ActivationQuantizers, OtherTypesAndThePortableLevelUseTheScalarLoops)
{
    EXPECT_EQ(activation_quantizer(GgmlType::Q8_K, SimdLevel::Portable), nullptr);
    EXPECT_EQ(activation_quantizer(GgmlType::F16, SimdLevel::Avx2), nullptr);
}

} // namespace
} // namespace hearth::cpu
