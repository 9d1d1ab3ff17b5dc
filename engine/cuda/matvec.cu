#include "cuda/matvec.h"

#include <cstdint>

#include "cuda/weight_rows.cuh"

namespace hearth::cuda {

namespace {

constexpr int kWarps = 4;

// One warp a row: lanes take every 32nd element, multiply it with each of
// the N tokens' values, then the warp sums.
template <typename Row, int N>
__global__ void matvec_kernel(
    const std::uint8_t* weights, std::size_t row_bytes, int rows, int cols, const float* x, float* y)
{
    const int row = blockIdx.x * kWarps + threadIdx.x / 32;
    const int lane = threadIdx.x % 32;
    if (row >= rows)
        return;
    const std::uint8_t* data = weights + row_bytes * row;
    float sum[N] = {};
    for (int j = lane; j < cols; j += 32) {
        const float w = Row::at(data, j);
#pragma unroll
        for (int t = 0; t < N; ++t)
            sum[t] += w * x[std::size_t(t) * cols + j];
    }
#pragma unroll
    for (int t = 0; t < N; ++t) {
        for (int offset = 16; offset > 0; offset /= 2)
            sum[t] += __shfl_down_sync(0xFFFFFFFFu, sum[t], offset);
        if (lane == 0)
            y[std::size_t(t) * rows + row] = sum[t];
    }
}

template <typename Row, int N>
void launch(const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols, const float* x, float* y,
    cudaStream_t stream)
{
    const unsigned blocks = unsigned((rows + kWarps - 1) / kWarps);
    matvec_kernel<Row, N><<<blocks, 32 * kWarps, 0, stream>>>(
        static_cast<const std::uint8_t*>(weights), row_bytes, int(rows), int(cols), x, y);
}

template <typename Row>
void launch_tokens(const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols, const float* x,
    std::size_t tokens, float* y, cudaStream_t stream)
{
    for (std::size_t first = 0; first < tokens; first += kMatvecTokens) {
        const float* xs = x + first * cols;
        float* ys = y + first * rows;
        switch (tokens - first < kMatvecTokens ? tokens - first : kMatvecTokens) {
        case 1:
            launch<Row, 1>(weights, row_bytes, rows, cols, xs, ys, stream);
            break;
        case 2:
            launch<Row, 2>(weights, row_bytes, rows, cols, xs, ys, stream);
            break;
        case 3:
            launch<Row, 3>(weights, row_bytes, rows, cols, xs, ys, stream);
            break;
        case 4:
            launch<Row, 4>(weights, row_bytes, rows, cols, xs, ys, stream);
            break;
        case 5:
            launch<Row, 5>(weights, row_bytes, rows, cols, xs, ys, stream);
            break;
        case 6:
            launch<Row, 6>(weights, row_bytes, rows, cols, xs, ys, stream);
            break;
        case 7:
            launch<Row, 7>(weights, row_bytes, rows, cols, xs, ys, stream);
            break;
        default:
            launch<Row, 8>(weights, row_bytes, rows, cols, xs, ys, stream);
            break;
        }
    }
}

// One thread an element.
template <typename Row>
__global__ void dequantize_kernel(
    const std::uint8_t* weights, std::size_t row_bytes, int cols, std::size_t count, __half* out)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= count)
        return;
    const std::size_t row = i / cols;
    const int j = int(i % cols);
    out[i] = __float2half(Row::at(weights + row * row_bytes, j));
}

} // namespace

bool matvec(GgmlType type, const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols,
    const float* x, std::size_t tokens, float* y, cudaStream_t stream)
{
    return with_row_type(
        type, [&](auto row) { launch_tokens<decltype(row)>(weights, row_bytes, rows, cols, x, tokens, y, stream); });
}

bool dequantize_to_half(GgmlType type, const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols,
    __half* out, cudaStream_t stream)
{
    const std::size_t count = rows * cols;
    constexpr int kThreads = 256;
    const unsigned blocks = unsigned((count + kThreads - 1) / kThreads);
    return with_row_type(type, [&](auto row) {
        dequantize_kernel<decltype(row)><<<blocks, kThreads, 0, stream>>>(
            static_cast<const std::uint8_t*>(weights), row_bytes, int(cols), count, out);
    });
}

} // namespace hearth::cuda
