#pragma once

#include <cstddef>

#include "engine/cpu/simd_level.h"
#include "engine/gguf/ggml_type.h"

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

// Prompt kernels over packed weights: a panel of `rows` weight rows is
// reordered once per matmul so that each vector lane holds one row, and a
// token's quants broadcast to every lane. One multiply-add instruction then
// advances every row of the panel, and each block's integer sums come out one
// per lane, with none of the horizontal sums and per-block decoding that the
// row-major tiles spend most of their time on. The file's weights stay as
// they are: the panel is a per-thread buffer of a few rows.
struct PanelKernel {
    static constexpr unsigned kMaxTokens = 8;

    unsigned rows = 0; // rows per panel
    unsigned tokens = 0; // tokens per pass that keep every sum in registers
    std::size_t (*panel_bytes)(std::size_t n) = nullptr;
    // What run() needs per activation row besides the row, if anything:
    // bytes per row, and the function that fills them from the converted row.
    std::size_t (*activation_extra_bytes)(std::size_t n) = nullptr;
    void (*prepare_activations)(std::size_t n, const void* x, void* extra) = nullptr;
    // Packs `rows` (≤ this->rows; the rest of the panel is zeros) rows of `n`
    // elements, `w_stride` bytes apart.
    void (*pack)(unsigned rows, std::size_t n, const void* w, std::size_t w_stride, void* panel) = nullptr;
    // y[t * y_stride + r] for t < tokens and r < rows: the same bits as the
    // kernel's tiles give.
    using Run = void (*)(std::size_t n, const void* panel, unsigned rows, const void* x, std::size_t x_stride,
        const void* extra, std::size_t extra_stride, float* y, std::size_t y_stride);
    Run run[kMaxTokens] = {}; // [tokens - 1]
    // Where set, one token takes it instead of the tiles: y[r] for r < rows,
    // rows read straight from the file (a panel would be used once), with
    // the activations prepared as for run().
    void (*decode)(
        unsigned rows, std::size_t n, const void* w, std::size_t w_stride, const void* x, const void* extra, float* y)
        = nullptr;
};

// The kernels for one weight type at one SIMD level.
struct DotKernel {
    DotTile tiles[kMaxTileRows][kMaxTileTokens] = {}; // [rows - 1][tokens - 1]
    // The tile shape that keeps the most accumulators in registers without
    // spilling, for many tokens; and the rows per pass for one token.
    unsigned tile_rows = 1;
    unsigned tile_tokens = 1;
    unsigned decode_rows = 1;
    // Where set, prompts use it instead of the tiles.
    const PanelKernel* panel = nullptr;
    // Where set, prompts use that kernel's tiles instead: the same sums in
    // the same order, reading the activations another way.
    const DotKernel* prompt = nullptr;
    // Where set, the tiles read activations as floats that hold the values of
    // quant::activation_type(weight), made from a row of n floats by this
    // function (F16: rounded to half precision and back), so that only the
    // weights are widened in the inner loop. Same values, same bits.
    void (*widened_activations)(const float* x, float* out, std::size_t n) = nullptr;

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
