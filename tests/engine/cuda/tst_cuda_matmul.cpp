// Matmul, the one entry the forward pass multiplies through: the
// matrix-vector kernels for a few tokens, cuBLAS for more — F32 as it is,
// F16 and BF16 weights as they are with converted activations, quantized
// weights dequantized in slices (small ones here, so the slicing and its
// last, shorter slice run) — against a double-precision product. Skipped
// where there is no GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/cuda/cuda_error.h"
#include "engine/cuda/device_buffer.h"
#include "engine/cuda/matmul.h"
#include "engine/cuda/stream.h"
#include "engine/gguf/ggml_type.h"
#include "engine/quant/dequantize.h"
#include "engine/quant/quantize.h"
#include "tests/engine/cuda/random_weights.h"

namespace hearth {
namespace {

class CudaMatmul : public ::testing::TestWithParam<GgmlType> {
protected:
    void SetUp() override
    {
        if (!cuda::gpu_available())
            GTEST_SKIP() << "no GPU here";
    }
};

TEST_P(CudaMatmul, MatchesADoubleProductForAnyNumberOfTokens)
{
    const GgmlType type = GetParam();
    const std::size_t rows = 300, cols = 512;
    std::mt19937 random(9);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    const std::size_t row_bytes = *ggml_tensor_bytes(type, cols);
    std::vector<std::byte> weights(rows * row_bytes);
    std::vector<float> values(rows * cols);
    for (std::size_t r = 0; r < rows; ++r) {
        test::fill_weight_row(type, cols, random, &weights[r * row_bytes]);
        quant::dequantize_row(type, &weights[r * row_bytes], &values[r * cols], cols);
    }
    cuda::DeviceBuffer device_weights(weights.size());
    device_weights.upload(weights);
    const cuda::DeviceMatrix matrix { type, rows, cols, row_bytes, device_weights.data() };
    cuda::Stream stream;
    // 64 rows a slice: 300 rows take four and a short fifth.
    cuda::Matmul matmul(stream.get(), 64 * cols * 2);

    for (const std::size_t tokens : { std::size_t(1), std::size_t(5), std::size_t(9), std::size_t(40) }) {
        std::vector<float> x(tokens * cols);
        for (float& v : x)
            v = normal(random);
        cuda::DeviceBuffer device_x(x.size() * sizeof(float));
        device_x.upload(std::as_bytes(std::span(x)));
        cuda::DeviceBuffer device_y(tokens * rows * sizeof(float));
        matmul.run(matrix, device_x.as<float>(), tokens, device_y.as<float>());
        cuda::check(cudaStreamSynchronize(stream.get()), "matmul");
        std::vector<float> got(tokens * rows);
        device_y.download(std::as_writable_bytes(std::span(got)));
        // Half-float activations (the GEMM path) are good to about 1 part in 2000 a term.
        const double relative = type == GgmlType::F32 || tokens <= 8 ? 1e-5 : type == GgmlType::BF16 ? 8e-3 : 2e-3;
        for (std::size_t t = 0; t < tokens; ++t)
            for (std::size_t r = 0; r < rows; ++r) {
                double want = 0, magnitude = 0;
                for (std::size_t j = 0; j < cols; ++j) {
                    want += double(values[r * cols + j]) * x[t * cols + j];
                    magnitude += std::fabs(double(values[r * cols + j]) * x[t * cols + j]);
                }
                ASSERT_NEAR(got[t * rows + r], want, relative * magnitude + 1e-5)
                    << tokens << " tokens: token " << t << ", row " << r;
            }
    }
}

INSTANTIATE_TEST_SUITE_P(Formats, CudaMatmul, ::testing::ValuesIn(test::all_weight_formats()),
    [](const auto& info) { return std::string(ggml_type_traits(static_cast<std::uint32_t>(info.param))->name); });

} // namespace
} // namespace hearth
