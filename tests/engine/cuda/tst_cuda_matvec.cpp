// The CUDA matrix-vector product against the CPU reference, for every
// weight format, on odd row counts and several widths: the same numbers to
// float rounding. Skipped (and reported so) where there is no GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/cuda/cuda_error.h"
#include "engine/cuda/device_buffer.h"
#include "engine/cuda/matvec.h"
#include "engine/gguf/ggml_type.h"
#include "engine/quant/dequantize.h"
#include "engine/quant/quantize.h"
#include "tests/engine/cuda/random_weights.h"

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

// W of `rows` random rows in `type`, and the float values they stand for.
struct RandomMatrix {
    std::vector<std::byte> bytes;
    std::vector<float> values; // dequantized, [rows][cols]
    std::size_t row_bytes = 0;
};

RandomMatrix random_matrix(GgmlType type, std::size_t rows, std::size_t cols, std::mt19937& random)
{
    RandomMatrix m;
    m.row_bytes = *ggml_tensor_bytes(type, cols);
    m.bytes.resize(rows * m.row_bytes);
    m.values.resize(rows * cols);
    for (std::size_t r = 0; r < rows; ++r) {
        test::fill_weight_row(type, cols, random, m.bytes.data() + r * m.row_bytes);
        quant::dequantize_row(type, m.bytes.data() + r * m.row_bytes, &m.values[r * cols], cols);
    }
    return m;
}

TEST_P(CudaMatvec, MatchesTheCpuReference)
{
    const GgmlType type = GetParam();
    std::mt19937 random(5);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    // 896 (Qwen2.5-0.5B's width) leaves a part chunk in the 32-block formats.
    for (const std::size_t cols : { std::size_t(256), std::size_t(768), std::size_t(896), std::size_t(4096) }) {
        if (!ggml_tensor_bytes(type, cols))
            continue; // the K formats' rows are whole super-blocks of 256
        // One token (decoding), a few, and more than one launch carries.
        for (const std::size_t tokens : { std::size_t(1), std::size_t(3), cuda::kMatvecTokens + 3 }) {
            const std::size_t rows = 37;
            const auto w = random_matrix(type, rows, cols, random);
            std::vector<float> x(tokens * cols);
            for (float& v : x)
                v = normal(random);
            std::vector<float> want(tokens * rows);
            for (std::size_t t = 0; t < tokens; ++t)
                for (std::size_t r = 0; r < rows; ++r) {
                    double sum = 0;
                    for (std::size_t j = 0; j < cols; ++j)
                        sum += double(w.values[r * cols + j]) * x[t * cols + j];
                    want[t * rows + r] = float(sum);
                }

            cuda::DeviceBuffer device_weights(w.bytes.size());
            device_weights.upload(w.bytes);
            cuda::DeviceBuffer device_x(x.size() * sizeof(float));
            device_x.upload(std::as_bytes(std::span(x)));
            cuda::DeviceBuffer device_y(want.size() * sizeof(float));
            ASSERT_TRUE(cuda::matvec(type, device_weights.data(), w.row_bytes, rows, cols, device_x.as<float>(), tokens,
                device_y.as<float>(), nullptr));
            cuda::check(cudaDeviceSynchronize(), "matvec");
            std::vector<float> got(want.size());
            device_y.download(std::as_writable_bytes(std::span(got)));
            for (std::size_t i = 0; i < got.size(); ++i)
                ASSERT_NEAR(got[i], want[i], 1e-4 * std::sqrt(double(cols)) + 1e-4 * std::fabs(want[i]))
                    << "token " << i / rows << " row " << i % rows << " of " << cols;

            // x one float off its alignment: the element-wise kernel, same numbers.
            cuda::DeviceBuffer shifted_x((x.size() + 1) * sizeof(float));
            cuda::check(
                cudaMemcpy(shifted_x.as<float>() + 1, x.data(), x.size() * sizeof(float), cudaMemcpyHostToDevice),
                "copy");
            ASSERT_TRUE(cuda::matvec(type, device_weights.data(), w.row_bytes, rows, cols, shifted_x.as<float>() + 1,
                tokens, device_y.as<float>(), nullptr));
            cuda::check(cudaDeviceSynchronize(), "matvec");
            device_y.download(std::as_writable_bytes(std::span(got)));
            for (std::size_t i = 0; i < got.size(); ++i)
                ASSERT_NEAR(got[i], want[i], 1e-4 * std::sqrt(double(cols)) + 1e-4 * std::fabs(want[i]))
                    << "unaligned x: token " << i / rows << " row " << i % rows << " of " << cols;
        }
    }
}

TEST_P(CudaMatvec, DequantizesToHalfFloats)
{
    const GgmlType type = GetParam();
    std::mt19937 random(6);
    const std::size_t rows = 19, cols = 512;
    const auto w = random_matrix(type, rows, cols, random);
    cuda::DeviceBuffer device_weights(w.bytes.size());
    device_weights.upload(w.bytes);
    cuda::DeviceBuffer out(rows * cols * sizeof(__half));
    ASSERT_TRUE(
        cuda::dequantize_to_half(type, device_weights.data(), w.row_bytes, rows, cols, out.as<__half>(), nullptr));
    cuda::check(cudaDeviceSynchronize(), "dequantize");
    std::vector<__half> got(rows * cols);
    out.download(std::as_writable_bytes(std::span(got)));
    for (std::size_t i = 0; i < got.size(); ++i)
        // One half-float step at most: the GPU may fuse the scale's multiply and add.
        ASSERT_NEAR(__half2float(got[i]), w.values[i], std::fabs(w.values[i]) * 1e-3 + 1e-6) << i;
}

INSTANTIATE_TEST_SUITE_P(Formats, CudaMatvec, ::testing::ValuesIn(test::all_weight_formats()),
    [](const auto& info) { return std::string(ggml_type_traits(static_cast<std::uint32_t>(info.param))->name); });

} // namespace
} // namespace hearth
