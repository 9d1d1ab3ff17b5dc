// The GPU kernels' reading of every weight format — element by element and
// a warp's lanes over a chunk — against the CPU's dequantization, bit for
// bit, run on the host: the layouts are checked on any machine with the
// CUDA compiler, GPU or not. Every one of the 256 values of a chunk must be
// written once, by some lane.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "engine/quant/dequantize.h"
#include "engine/quant/quantize.h"
#include "tests/engine/cuda/weight_layouts_on_host.h"
#include "tests/engine/quant/reference_inputs.h"

namespace hearth {
namespace {

class WeightLayouts : public ::testing::TestWithParam<GgmlType> { };

TEST_P(WeightLayouts, AreTheCpusDequantization)
{
    const GgmlType type = GetParam();
    const std::size_t cols = 1024;
    std::mt19937 random(4);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> values(cols);
    for (float& v : values)
        v = normal(random);
    std::vector<std::uint8_t> row(*ggml_tensor_bytes(type, cols));
    quant::quantize_row(type, values.data(), reinterpret_cast<std::byte*>(row.data()), cols);
    std::vector<float> want(cols);
    quant::dequantize_row(type, reinterpret_cast<const std::byte*>(row.data()), want.data(), cols);

    std::vector<float> got(cols, NAN);
    ASSERT_TRUE(test::rows_on_host(type, row.data(), cols, got.data()));
    for (std::size_t j = 0; j < cols; ++j)
        ASSERT_NEAR(got[j], want[j], std::fabs(want[j]) * 1e-6f) << "element " << j;

    std::fill(got.begin(), got.end(), NAN);
    ASSERT_TRUE(test::chunks_on_host(type, row.data(), cols, got.data()));
    for (std::size_t j = 0; j < cols; ++j)
        ASSERT_NEAR(got[j], want[j], std::fabs(want[j]) * 1e-6f) << "chunk value " << j;
}

// Every random block of the quant fixture's generator (every grid point,
// every bit field) expands on the GPU's paths, element by element and by
// chunks, to the CPU's value — the same float where the multiplications are the
// same, which they are on the host.
class RowLayouts : public ::testing::TestWithParam<std::size_t> { };

TEST_P(RowLayouts, AreTheCpusDequantizationOnRandomBlocks)
{
    const auto& c = quant_reference::random_block_cases().at(GetParam());
    const GgmlType type = *ggml_type_from_name(c.type);
    const auto blocks = quant_reference::make_random_blocks(GetParam());
    const std::size_t n = quant_reference::kRandomBlockElements;
    std::vector<float> want(n);
    quant::dequantize_row(type, reinterpret_cast<const std::byte*>(blocks.data()), want.data(), n);
    std::vector<float> got(n, NAN);
    ASSERT_TRUE(test::rows_on_host(type, blocks.data(), n, got.data()));
    for (std::size_t j = 0; j < n; ++j)
        ASSERT_TRUE(got[j] == want[j] || (std::isnan(got[j]) && std::isnan(want[j])))
            << c.type << " element " << j << ": " << got[j] << " != " << want[j];

    std::fill(got.begin(), got.end(), NAN);
    ASSERT_TRUE(test::chunks_on_host(type, blocks.data(), n, got.data())) << c.type << " has no chunk loader";
    for (std::size_t j = 0; j < n; ++j)
        ASSERT_TRUE(got[j] == want[j] || (std::isnan(got[j]) && std::isnan(want[j])))
            << c.type << " chunk value " << j << ": " << got[j] << " != " << want[j];
}

INSTANTIATE_TEST_SUITE_P(Formats, RowLayouts,
    ::testing::Range(std::size_t { 0 }, quant_reference::random_block_cases().size()),
    [](const auto& info) { return quant_reference::random_block_cases()[info.param].type; });

INSTANTIATE_TEST_SUITE_P(Formats, WeightLayouts,
    ::testing::Values(GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_1,
        GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::IQ4_NL, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K,
        GgmlType::Q2_K, GgmlType::Q3_K, GgmlType::IQ4_XS, GgmlType::MXFP4, GgmlType::IQ2_XXS, GgmlType::IQ2_XS,
        GgmlType::IQ2_S, GgmlType::IQ3_XXS, GgmlType::IQ3_S, GgmlType::IQ1_S, GgmlType::IQ1_M, GgmlType::TQ1_0,
        GgmlType::TQ2_0),
    [](const auto& info) { return std::string(ggml_type_traits(static_cast<std::uint32_t>(info.param))->name); });

} // namespace
} // namespace hearth
