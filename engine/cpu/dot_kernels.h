#pragma once

#include <cstddef>

#include "cpu/simd_level.h"
#include "gguf/ggml_type.h"

namespace hearth::cpu {

// The largest tile a kernel computes in one pass: rows × tokens dot products.
inline constexpr unsigned kMaxTileRows = 4;
inline constexpr unsigned kMaxTileTokens = 8;
inline constexpr unsigned kTileShapes = kMaxTileRows * kMaxTileTokens;

// y[t * y_stride + r] = dot(row r of w, row t of x) for r < rows, t < tokens:
// `n` elements per row, weight rows `w_stride` bytes apart in the weight type,
// activation rows `x_stride` bytes apart in its activation type
// (quant::activation_type). Each weight block is loaded once for all `tokens`
// and each activation block once for all `rows`.
using DotTile = void (*)(std::size_t n, const void* w, std::size_t w_stride, const void* x, std::size_t x_stride,
    float* y, std::size_t y_stride);

// The kernels for one weight type at one SIMD level.
struct DotKernel {
    DotTile tiles[kMaxTileRows][kMaxTileTokens] = {}; // [rows - 1][tokens - 1]
    // The tile shape that keeps the most accumulators in registers without
    // spilling, for many tokens; and the rows per pass for one token.
    unsigned tile_rows = 1;
    unsigned tile_tokens = 1;
    unsigned decode_rows = 1;

    void operator()(unsigned rows, unsigned tokens, std::size_t n, const void* w, std::size_t w_stride, const void* x,
        std::size_t x_stride, float* y, std::size_t y_stride) const
    {
        tiles[rows - 1][tokens - 1](n, w, w_stride, x, x_stride, y, y_stride);
    }
};

// nullptr when the engine cannot compute with `weight` or this CPU lacks `level`.
const DotKernel* dot_kernel(GgmlType weight, SimdLevel level);

// One dot product of `n` elements, weights as `weight`, activations as
// quant::activation_type(weight).
float vec_dot(GgmlType weight, const void* w, const void* x, std::size_t n, SimdLevel level);

} // namespace hearth::cpu
