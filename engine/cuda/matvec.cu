#include "engine/cuda/matvec.h"

#include <cstdint>
#include <type_traits>

#include "engine/cuda/weight_chunks.cuh"
#include "engine/cuda/weight_rows.cuh"

namespace hearth::cuda {

namespace {

constexpr int kWarps = 4;

// Adds the row's elements from `first`, every 32nd, times each of the N
// tokens' values, to `sum`.
template <typename Row, int N>
__device__ void add_elements(const std::uint8_t* data, int first, int cols, const float* x, float (&sum)[N])
{
    for (int j = first; j < cols; j += 32) {
        const float w = Row::at(data, j);
#pragma unroll
        for (int t = 0; t < N; ++t)
            sum[t] += w * x[std::size_t(t) * cols + j];
    }
}

// The warp's partial sums added up; lane 0 writes each token's y[row].
template <int N> __device__ void write_row(float (&sum)[N], int lane, int rows, int row, float* y)
{
#pragma unroll
    for (int t = 0; t < N; ++t) {
        for (int offset = 16; offset > 0; offset /= 2)
            sum[t] += __shfl_down_sync(0xFFFFFFFFu, sum[t], offset);
        if (lane == 0)
            y[std::size_t(t) * rows + row] = sum[t];
    }
}

// One warp a row: lanes take every 32nd element. The fallback for rows the
// chunk kernel cannot take (widths that break its alignment).
template <typename Row, int N>
__global__ void matvec_kernel(
    const std::uint8_t* weights, std::size_t row_bytes, int rows, int cols, const float* x, float* y)
{
    const int row = blockIdx.x * kWarps + threadIdx.x / 32;
    const int lane = threadIdx.x % 32;
    if (row >= rows)
        return;
    float sum[N] = {};
    add_elements<Row, N>(weights + row_bytes * row, lane, cols, x, sum);
    write_row<N>(sum, lane, rows, row, y);
}

// One warp a row, a chunk of 256 values a step: each lane dequantizes 8
// from loads that follow the format (Chunk), reads x as float4s, and the
// loop is unrolled so several chunks' loads are in flight — a decode step
// is bound by how many bytes are on their way from memory at once. Values
// past the last whole chunk (widths not a multiple of 256) go one by one.
template <typename Chunk, int N>
__global__ void matvec_chunk_kernel(
    const std::uint8_t* weights, std::size_t row_bytes, int rows, int cols, const float* x, float* y)
{
    const int row = blockIdx.x * kWarps + threadIdx.x / 32;
    const int lane = threadIdx.x % 32;
    if (row >= rows)
        return;
    const std::uint8_t* data = weights + row_bytes * row;
    float sum[N] = {};
    const int chunks = cols / kChunkValues;
#pragma unroll 4
    for (int chunk = 0; chunk < chunks; ++chunk) {
        const LaneValues v = Chunk::load(data, chunk, lane);
#pragma unroll
        for (int t = 0; t < N; ++t) {
            const float* xt = x + std::size_t(t) * cols;
            const float4 a = *reinterpret_cast<const float4*>(xt + v.first);
            const float4 b = *reinterpret_cast<const float4*>(xt + v.second);
            sum[t] += v.w[0] * a.x + v.w[1] * a.y + v.w[2] * a.z + v.w[3] * a.w;
            sum[t] += v.w[4] * b.x + v.w[5] * b.y + v.w[6] * b.z + v.w[7] * b.w;
        }
    }
    add_elements<typename Chunk::Row, N>(data, chunks * kChunkValues + lane, cols, x, sum);
    write_row<N>(sum, lane, rows, row, y);
}

template <typename T, typename = void> struct IsChunk : std::false_type { };
template <typename T> struct IsChunk<T, std::void_t<typename T::Row>> : std::true_type { };

// Row: a Row accessor (the element-wise kernel) or a Chunk (the chunk kernel).
template <typename Row, int N>
void launch(const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols, const float* x, float* y,
    cudaStream_t stream)
{
    const unsigned blocks = unsigned((rows + kWarps - 1) / kWarps);
    const auto* w = static_cast<const std::uint8_t*>(weights);
    if constexpr (IsChunk<Row>::value)
        matvec_chunk_kernel<Row, N><<<blocks, 32 * kWarps, 0, stream>>>(w, row_bytes, int(rows), int(cols), x, y);
    else
        matvec_kernel<Row, N><<<blocks, 32 * kWarps, 0, stream>>>(w, row_bytes, int(rows), int(cols), x, y);
}

// launch<Row, count> for a count known only at run time (1 to kMatvecTokens).
template <typename Row, int N = 1>
void launch_count(std::size_t count, const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols,
    const float* x, float* y, cudaStream_t stream)
{
    if constexpr (N < int(kMatvecTokens)) {
        if (count > std::size_t(N))
            return launch_count<Row, N + 1>(count, weights, row_bytes, rows, cols, x, y, stream);
    }
    launch<Row, N>(weights, row_bytes, rows, cols, x, y, stream);
}

template <typename Row>
void launch_tokens(const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols, const float* x,
    std::size_t tokens, float* y, cudaStream_t stream)
{
    for (std::size_t first = 0; first < tokens; first += kMatvecTokens) {
        const std::size_t count = tokens - first < kMatvecTokens ? tokens - first : kMatvecTokens;
        launch_count<Row>(count, weights, row_bytes, rows, cols, x + first * cols, y + first * rows, stream);
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

// A warp a chunk, each lane writing its 8 values: loads as the matrix-vector
// kernel's, for rows of whole chunks.
template <typename Chunk>
__global__ void dequantize_chunk_kernel(
    const std::uint8_t* weights, std::size_t row_bytes, int cols, std::size_t chunks, __half* out)
{
    const std::size_t c = (std::size_t(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
    const int lane = threadIdx.x % 32;
    if (c >= chunks)
        return;
    const int chunks_per_row = cols / kChunkValues;
    const std::size_t row = c / chunks_per_row;
    const LaneValues v = Chunk::load(weights + row * row_bytes, int(c % chunks_per_row), lane);
    __half* out_row = out + row * cols;
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        out_row[v.first + i] = __float2half(v.w[i]);
        out_row[v.second + i] = __float2half(v.w[4 + i]);
    }
}

} // namespace

bool has_kernels(GgmlType type)
{
    return with_row_type(type, [](auto) {});
}

bool matvec(GgmlType type, const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols,
    const float* x, std::size_t tokens, float* y, cudaStream_t stream)
{
    // The chunk kernel reads x as float4s and rows with the loads its format
    // allows; anything less aligned takes the element-wise kernel.
    const bool x_aligned = reinterpret_cast<std::uintptr_t>(x) % 16 == 0 && cols % 4 == 0;
    bool launched = false;
    with_chunk_type(type, [&](auto chunk) {
        using Chunk = decltype(chunk);
        if (x_aligned && reinterpret_cast<std::uintptr_t>(weights) % Chunk::kAlignment == 0
            && row_bytes % Chunk::kAlignment == 0) {
            launch_tokens<Chunk>(weights, row_bytes, rows, cols, x, tokens, y, stream);
            launched = true;
        }
    });
    return launched || with_row_type(type, [&](auto row) {
        launch_tokens<decltype(row)>(weights, row_bytes, rows, cols, x, tokens, y, stream);
    });
}

bool dequantize_to_half(GgmlType type, const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols,
    __half* out, cudaStream_t stream)
{
    const std::size_t count = rows * cols;
    constexpr int kThreads = 256;
    bool launched = false;
    if (cols % kChunkValues == 0) {
        with_chunk_type(type, [&](auto chunk) {
            using Chunk = decltype(chunk);
            if (reinterpret_cast<std::uintptr_t>(weights) % Chunk::kAlignment != 0
                || row_bytes % Chunk::kAlignment != 0)
                return;
            const std::size_t chunks = count / kChunkValues;
            const unsigned blocks = unsigned((chunks * 32 + kThreads - 1) / kThreads);
            dequantize_chunk_kernel<Chunk><<<blocks, kThreads, 0, stream>>>(
                static_cast<const std::uint8_t*>(weights), row_bytes, int(cols), chunks, out);
            launched = true;
        });
    }
    if (launched)
        return true;
    const unsigned blocks = unsigned((count + kThreads - 1) / kThreads);
    return with_row_type(type, [&](auto row) {
        dequantize_kernel<decltype(row)><<<blocks, kThreads, 0, stream>>>(
            static_cast<const std::uint8_t*>(weights), row_bytes, int(cols), count, out);
    });
}

} // namespace hearth::cuda
