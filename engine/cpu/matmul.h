#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "engine/cpu/simd_level.h"
#include "engine/gguf/ggml_type.h"
#include "engine/model/weight_matrix.h"

namespace hearth::cpu {

class ThreadPool;

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
