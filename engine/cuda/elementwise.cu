#include "cuda/elementwise.h"

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

__global__ void silu_multiply_kernel(const float* gate, const float* up, float* out, std::size_t count)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < count)
        out[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

__global__ void add_kernel(float* x, const float* y, std::size_t count)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < count)
        x[i] += y[i];
}

unsigned blocks_for(std::size_t count)
{
    return unsigned((count + kThreads - 1) / kThreads);
}

} // namespace

void rms_norm(const float* x, const float* weight, float eps, float* out, std::size_t tokens, std::size_t n,
    cudaStream_t stream)
{
    rms_norm_kernel<<<unsigned(tokens), kThreads, 0, stream>>>(x, weight, eps, out, int(n));
}

void silu_multiply(const float* gate, const float* up, float* out, std::size_t count, cudaStream_t stream)
{
    silu_multiply_kernel<<<blocks_for(count), kThreads, 0, stream>>>(gate, up, out, count);
}

void add_in_place(float* x, const float* y, std::size_t count, cudaStream_t stream)
{
    add_kernel<<<blocks_for(count), kThreads, 0, stream>>>(x, y, count);
}

} // namespace hearth::cuda
