#pragma once

#include <cstddef>

#include <cuda_runtime_api.h>

namespace hearth::cuda {

// The small per-token steps of a block, on the GPU, each the CPU path's
// (cpu/ops.h) to float rounding. `tokens` rows of `n` values, row-major.

// out = x / sqrt(mean(x²) + eps) × weight, a row at a time.
void rms_norm(
    const float* x, const float* weight, float eps, float* out, std::size_t tokens, std::size_t n, cudaStream_t stream);

// out = silu(gate) × up, element by element over `count` values.
void silu_multiply(const float* gate, const float* up, float* out, std::size_t count, cudaStream_t stream);

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
