#include "engine/cuda/elementwise.h"

namespace hearth::cuda {

namespace {

constexpr int kThreads = 256;

// One block a row: the threads sum squares, the block reduces them through
// shared memory, then every thread scales its elements.
__global__ void rms_norm_kernel(const float* x, const float* weight, float eps, float* out, int n)
{
    const float* row = x + std::size_t(blockIdx.x) * n;
    float* result = out + std::size_t(blockIdx.x) * n;
    float sum = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x)
        sum += row[i] * row[i];
    __shared__ float partial[kThreads / 32];
    for (int offset = 16; offset > 0; offset /= 2)
        sum += __shfl_down_sync(0xFFFFFFFFu, sum, offset);
    if (threadIdx.x % 32 == 0)
        partial[threadIdx.x / 32] = sum;
    __syncthreads();
    if (threadIdx.x < 32) {
        sum = threadIdx.x < blockDim.x / 32 ? partial[threadIdx.x] : 0.0f;
        for (int offset = 16; offset > 0; offset /= 2)
            sum += __shfl_down_sync(0xFFFFFFFFu, sum, offset);
        if (threadIdx.x == 0)
            partial[0] = sum;
    }
    __syncthreads();
    const float scale = rsqrtf(partial[0] / n + eps);
    for (int i = threadIdx.x; i < n; i += blockDim.x)
        result[i] = (row[i] * scale) * weight[i];
}

__global__ void silu_multiply_kernel(
    const float* gate, const float* up, std::size_t stride, float* out, std::size_t n, std::size_t count)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= count)
        return;
    const std::size_t in = (i / n) * stride + i % n;
    out[i] = gate[in] / (1.0f + expf(-gate[in])) * up[in];
}

__global__ void add_bias_kernel(float* x, const float* bias, std::size_t n, std::size_t count)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < count)
        x[i] += bias[i % n];
}

__global__ void to_half_kernel(const float* x, __half* out, std::size_t count)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    // Clamped: a large activation (SwiGLU's can pass 65504) becomes the
    // largest half, not an infinity that turns the logits into NaN.
    if (i < count)
        out[i] = __float2half(fminf(fmaxf(x[i], -65504.0f), 65504.0f));
}

__global__ void to_bfloat16_kernel(const float* x, __nv_bfloat16* out, std::size_t count)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < count)
        out[i] = __float2bfloat16(x[i]);
}

__global__ void add_kernel(float* x, const float* y, std::size_t count)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < count)
        x[i] += y[i];
}

// One thread a (token, head, pair).
__global__ void rope_kernel(
    const float* angles, float* x, std::size_t items, int heads, int head_dim, int rope_dims, bool adjacent_pairs)
{
    const std::size_t item = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (item >= items)
        return;
    const int pairs = rope_dims / 2;
    const int pair = int(item % pairs);
    const std::size_t head = item / pairs; // over all tokens
    const std::size_t token = head / heads;
    const float c = angles[token * rope_dims + 2 * pair];
    const float s = angles[token * rope_dims + 2 * pair + 1];
    float* v = x + head * head_dim;
    const int a = adjacent_pairs ? 2 * pair : pair;
    const int b = adjacent_pairs ? 2 * pair + 1 : pair + pairs;
    const float x0 = v[a];
    const float x1 = v[b];
    v[a] = x0 * c - x1 * s;
    v[b] = x0 * s + x1 * c;
}

unsigned blocks_for(std::size_t count)
{
    return unsigned((count + kThreads - 1) / kThreads);
}

} // namespace

void rms_norm(
    const float* x, const float* weight, float eps, float* out, std::size_t tokens, std::size_t n, cudaStream_t stream)
{
    rms_norm_kernel<<<unsigned(tokens), kThreads, 0, stream>>>(x, weight, eps, out, int(n));
}

void silu_multiply(const float* gate, const float* up, std::size_t stride, float* out, std::size_t tokens,
    std::size_t n, cudaStream_t stream)
{
    const std::size_t count = tokens * n;
    silu_multiply_kernel<<<blocks_for(count), kThreads, 0, stream>>>(gate, up, stride, out, n, count);
}

void add_bias(float* x, const float* bias, std::size_t tokens, std::size_t n, cudaStream_t stream)
{
    const std::size_t count = tokens * n;
    add_bias_kernel<<<blocks_for(count), kThreads, 0, stream>>>(x, bias, n, count);
}

void to_half(const float* x, __half* out, std::size_t count, cudaStream_t stream)
{
    to_half_kernel<<<blocks_for(count), kThreads, 0, stream>>>(x, out, count);
}

void to_bfloat16(const float* x, __nv_bfloat16* out, std::size_t count, cudaStream_t stream)
{
    to_bfloat16_kernel<<<blocks_for(count), kThreads, 0, stream>>>(x, out, count);
}

void add_in_place(float* x, const float* y, std::size_t count, cudaStream_t stream)
{
    add_kernel<<<blocks_for(count), kThreads, 0, stream>>>(x, y, count);
}

void rope_rotate(const float* angles, float* x, std::size_t tokens, std::size_t heads, std::size_t head_dim,
    std::size_t rope_dims, bool adjacent_pairs, cudaStream_t stream)
{
    const std::size_t items = tokens * heads * (rope_dims / 2);
    rope_kernel<<<blocks_for(items), kThreads, 0, stream>>>(
        angles, x, items, int(heads), int(head_dim), int(rope_dims), adjacent_pairs);
}

} // namespace hearth::cuda
