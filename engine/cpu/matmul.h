#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "cpu/simd_level.h"
#include "gguf/ggml_type.h"

namespace hearth::cpu {

class ThreadPool;

// A weight matrix as the GGUF file stores it: `rows` rows of `cols` values,
// each row a whole number of blocks of `type`, rows `row_bytes` apart.
struct WeightMatrix {
    GgmlType type = GgmlType::F32;
    std::size_t rows = 0;
    std::size_t cols = 0;
    const void* data = nullptr;
    std::size_t row_bytes = 0;
};

// Reusable buffers for the activations converted to the weights' dot type, so
// the forward pass allocates nothing per call.
struct MatmulScratch {
    std::vector<std::byte> converted;
    std::vector<std::byte> activation_extra; // what panel kernels need besides
    std::vector<std::vector<std::byte>> panels; // one packed panel per thread
};

// y[t][r] = dot(W[r], x[t]) for each of `tokens` rows of x ([tokens][cols],
// floats) into y ([tokens][rows]). Activations are converted once to the
// weights' activation type (quant/vec_dot.h), then rows are split across the
// pool. One token is a matrix-vector product (decoding); many tokens reuse
// each weight row from cache across tokens (prompt processing).
void matmul(const WeightMatrix& w, std::span<const float> x, std::size_t tokens, std::span<float> y, ThreadPool& pool,
    MatmulScratch& scratch, SimdLevel level = detect_simd_level());

} // namespace hearth::cpu
