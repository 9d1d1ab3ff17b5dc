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

#include "weight_layouts_on_host.h"
#include "quant/dequantize.h"
#include "quant/quantize.h"

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

INSTANTIATE_TEST_SUITE_P(Formats, WeightLayouts,
    ::testing::Values(GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_K,
        GgmlType::Q5_K, GgmlType::Q6_K),
    [](const auto& info) { return std::string(ggml_type_traits(static_cast<std::uint32_t>(info.param))->name); });

} // namespace
} // namespace hearth
