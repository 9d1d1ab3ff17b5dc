#pragma once

#include <cstddef>

#include <cuda_fp16.h>
#include <cuda_runtime_api.h>

#include "engine/gguf/ggml_type.h"

namespace hearth::cuda {

// Tokens a matrix-vector launch multiplies at once: each weight row is read
// once for all of them.
inline constexpr std::size_t kMatvecTokens = 8;

// Whether matvec() and dequantize_to_half() read `type`: every weight format
// the engine runs (quant::is_supported_weight_type).
bool has_kernels(GgmlType type);

// y[t][rows] = W[rows × cols] · x[t][cols] for `tokens` rows of x, W on the
// GPU in its GGUF format (rows of `row_bytes`), x and y float on the GPU
// ([tokens][cols], [tokens][rows]). F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0,
// Q5_1, IQ4_NL and Q4_K–Q6_K read whole chunks a lane (weight_chunks.cuh),
// the rest element by element (weight_rows.cuh).
// Weights are dequantized in registers and read once per kMatvecTokens
// tokens. The first version: one warp a row, correct on every format; the
// decode path's speed work builds on it. false for a format it does not handle.
bool matvec(GgmlType type, const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols,
    const float* x, std::size_t tokens, float* y, cudaStream_t stream);

// out[rows][cols] = W as half floats, for the GEMM of a prompt. false for a
// format it does not handle.
bool dequantize_to_half(GgmlType type, const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols,
    __half* out, cudaStream_t stream);

} // namespace hearth::cuda
