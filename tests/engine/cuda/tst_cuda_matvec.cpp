// The CUDA matrix-vector product against the CPU reference, for every
// weight format, on odd row counts and several widths: the same numbers to
// float rounding. Skipped (and reported so) where there is no GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "cuda/cuda_error.h"
#include "cuda/device_buffer.h"
#include "cuda/matvec.h"
#include "gguf/ggml_type.h"
#include "quant/dequantize.h"
#include "quant/quantize.h"

namespace hearth {
namespace {

class CudaMatvec : public ::testing::TestWithParam<GgmlType> {
protected:
    void SetUp() override
    {
        if (!cuda::gpu_available())
            GTEST_SKIP() << "no GPU here";
    }
};

TEST_P(CudaMatvec, MatchesTheCpuReference)
{
    const GgmlType type = GetParam();
    std::mt19937 random(5);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (const std::size_t cols : { std::size_t(256), std::size_t(768), std::size_t(4096) }) {
        const std::size_t rows = 37;
        const std::size_t row_bytes = *ggml_tensor_bytes(type, cols);
        std::vector<std::byte> weights(rows * row_bytes);
        std::vector<float> values(cols);
        for (std::size_t r = 0; r < rows; ++r) {
            for (float& v : values)
                v = normal(random) * 0.05f;
            quant::quantize_row(type, values.data(), weights.data() + r * row_bytes, cols);
        }
        std::vector<float> x(cols);
        for (float& v : x)
            v = normal(random);
        std::vector<float> want(rows);
        for (std::size_t r = 0; r < rows; ++r) {
            quant::dequantize_row(type, weights.data() + r * row_bytes, values.data(), cols);
            double sum = 0;
            for (std::size_t j = 0; j < cols; ++j)
                sum += double(values[j]) * x[j];
            want[r] = float(sum);
        }

        cuda::DeviceBuffer device_weights(weights.size());
        device_weights.upload(weights);
        cuda::DeviceBuffer device_x(cols * sizeof(float));
        device_x.upload(std::as_bytes(std::span(x)));
        cuda::DeviceBuffer device_y(rows * sizeof(float));
        ASSERT_TRUE(cuda::matvec(
            type, device_weights.data(), row_bytes, rows, cols, device_x.as<float>(), device_y.as<float>(), nullptr));
        cuda::check(cudaDeviceSynchronize(), "matvec");
        std::vector<float> got(rows);
        device_y.download(std::as_writable_bytes(std::span(got)));
        for (std::size_t r = 0; r < rows; ++r)
            EXPECT_NEAR(got[r], want[r], 1e-4 * std::sqrt(double(cols)) + 1e-4 * std::fabs(want[r]))
                << "row " << r << " of " << cols;
    }
}

INSTANTIATE_TEST_SUITE_P(Formats, CudaMatvec,
    ::testing::Values(GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_K,
        GgmlType::Q5_K, GgmlType::Q6_K),
    [](const auto& info) { return std::string(ggml_type_traits(static_cast<std::uint32_t>(info.param))->name); });

} // namespace
} // namespace hearth
