#pragma once

#include <cstddef>

#include <cuda_runtime_api.h>

#include "gguf/ggml_type.h"

namespace hearth::cuda {

// y[rows] = W[rows × cols] · x[cols], W on the GPU in its GGUF format
// (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K; rows of `row_bytes`), x and
// y float on the GPU. Weights are read once, dequantized in registers. The
// first version: one warp a row, correct on every format; the decode path's
// speed work builds on it. false for a format it does not handle.
bool matvec(GgmlType type, const void* weights, std::size_t row_bytes, std::size_t rows, std::size_t cols,
    const float* x, float* y, cudaStream_t stream);

} // namespace hearth::cuda
