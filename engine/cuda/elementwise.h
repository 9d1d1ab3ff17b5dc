#pragma once

#include <cstddef>

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime_api.h>

namespace hearth::cuda {

// The small per-token steps of a block, on the GPU, each the CPU path's
// (cpu/ops.h) to float rounding. `tokens` rows of `n` values, row-major.

// out = x / sqrt(mean(x²) + eps) × weight, a row at a time.
void rms_norm(
    const float* x, const float* weight, float eps, float* out, std::size_t tokens, std::size_t n, cudaStream_t stream);

// out[t][i] = silu(gate[t][i]) × up[t][i] for `tokens` rows of `n` values;
// gate and up rows are `stride` values apart (n, or 2n for a fused gate_up
// output where up follows gate), out rows n apart.
void silu_multiply(const float* gate, const float* up, std::size_t stride, float* out, std::size_t tokens,
    std::size_t n, cudaStream_t stream);

// x[t][i] += bias[i] for `tokens` rows of `n` values.
void add_bias(float* x, const float* bias, std::size_t tokens, std::size_t n, cudaStream_t stream);

// The activations of a GEMM in the weights' 16-bit type, `count` values.
void to_half(const float* x, __half* out, std::size_t count, cudaStream_t stream);
void to_bfloat16(const float* x, __nv_bfloat16* out, std::size_t count, cudaStream_t stream);

// x += y over `count` values (the residual stream).
void add_in_place(float* x, const float* y, std::size_t count, cudaStream_t stream);

// RoPE on `tokens` rows of `heads` heads of `head_dim` values: the first
// `rope_dims` of each head rotated by the token's angles — cos and sin per
// pair, as cpu::rope_angles makes them (`rope_dims` values a token) —
// pairing adjacent values (Llama's order in GGUF) or i with i + rope_dims / 2
// (NEOX: Qwen, Phi-3).
void rope_rotate(const float* angles, float* x, std::size_t tokens, std::size_t heads, std::size_t head_dim,
    std::size_t rope_dims, bool adjacent_pairs, cudaStream_t stream);

} // namespace hearth::cuda
