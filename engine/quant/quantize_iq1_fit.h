#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/quant/block_formats.h"
#include "engine/quant/grid_neighbours.h"
#include "engine/quant/iq_grid_points.h"
#include "engine/quant/iq_grids.h"
#include "engine/quant/nearest_int.h"
#include "engine/quant/scale_fits.h"

// What IQ1_S and IQ1_M's quantizers (quantize_iq1.cpp, quantize_iq1_m.cpp)
// share: weights, the sort, a sub-block fit's quants, the move onto the
// grid and the 3-bit scales. Internal to those two files, and like them to
// be compiled without FMA contraction.
namespace hearth::quant::iq1 {

using Levels = std::array<float, 3>; // what quants 0, 1, 2 stand for, before the scale
inline constexpr Levels kRaised = { -1 + kIq1Delta, kIq1Delta, 1 + kIq1Delta };
inline constexpr Levels kLowered = { -1 - kIq1Delta, -kIq1Delta, 1 - kIq1Delta };

// ggml's sigma² term of the importance weights: twice the mean square of
// the super-block.
inline float spread(const float* x)
{
    float sumx2 = 0;
    for (std::size_t i = 0; i < kSuperBlock; ++i)
        sumx2 += x[i] * x[i];
    return 2 * sumx2 / kSuperBlock;
}

inline void fill_weights(const float* x, const float* importance, float sigma2, int n, float* weight)
{
    for (int i = 0; i < n; ++i)
        weight[i] = importance ? importance[i] * std::sqrt(sigma2 + x[i] * x[i]) : x[i] * x[i];
}

inline float max_magnitude(const float* x, int n)
{
    float max = std::fabs(x[0]);
    for (int i = 1; i < n; ++i)
        max = std::max(max, std::fabs(x[i]));
    return max;
}

// Positions of x[0..N) in ascending order, equal values in index order.
// ggml sorts with qsort, which glibc (2.36, Debian 12) runs as a merge
// sort for arrays this small, so equal values keep their index order; that
// order decides the order of the prefix sums and which side of a boundary
// each lands on, so it has to be the same. Insertion sort: stable, no
// allocation, and 32 values at most.
template <int N> std::array<int, N> ascending_order(const float* x)
{
    std::array<int, N> order;
    for (int j = 0; j < N; ++j) {
        int k = j;
        for (; k > 0 && x[j] < x[order[k - 1]]; --k)
            order[k] = order[k - 1];
        order[k] = j;
    }
    return order;
}

// A sub-block's fit: sorted positions [0, low_end) take quant 0,
// [low_end, mid_end) quant 1, the rest quant 2. `offsets`, IQ1_S: 1 when
// the sub-block's offset is lowered; IQ1_M: bit 1 for its first 8, bit 0
// for its second 8.
struct TernaryFit {
    int low_end = -1;
    int mid_end = -1;
    int offsets = 0;
    float scale = 0;
    bool found = false;
};

// Keeps (sumqx, sumq2) when its score sumqx² / sumq2 beats the best so far.
inline void consider(
    TernaryFit& best, float& best_score, float sumqx, float sumq2, int low_end, int mid_end, int offsets)
{
    if (sumq2 > 0 && sumqx * sumqx > best_score * sumq2) {
        const float scale = sumqx / sumq2;
        best_score = scale * sumqx;
        best = { low_end, mid_end, offsets, scale, true };
    }
}

// Quants from the fit; a negative scale is made positive by mirroring the
// quants, which swaps the offset signs.
template <std::size_t N>
void apply_fit(const std::array<int, N>& order, TernaryFit& fit, int all_offsets, std::array<std::int8_t, N>& L)
{
    for (int j = 0; j < static_cast<int>(N); ++j)
        L[order[j]] = static_cast<std::int8_t>(j < fit.low_end ? 0 : j < fit.mid_end ? 1 : 2);
    if (fit.scale < 0) {
        for (auto& l : L)
            l = static_cast<std::int8_t>(2 - l);
        fit.scale = -fit.scale;
        fit.offsets ^= all_offsets;
    }
}

inline int grid_quant(int index, int j)
{
    return (grid_points::kIq1SPacked[index] >> (2 * j)) & 3;
}

// The packed coordinates of quants L[0..8), the grid's key.
inline std::uint32_t grid_key(const std::int8_t* L)
{
    std::uint32_t key = 0;
    for (int j = 0; j < 8; ++j)
        key |= static_cast<std::uint32_t>(L[j]) << (2 * j);
    return key;
}

// For 8 quants that are not a grid point: the candidate whose points, at
// this scale, are nearest x (weighted), the first on ties.
inline std::uint16_t nearest_grid_point(
    std::span<const std::uint16_t> candidates, const float* x, const float* weight, float scale, const Levels& levels)
{
    assert(!candidates.empty());
    const Levels scaled = { scale * levels[0], scale * levels[1], scale * levels[2] };
    // When no distance is below FLT_MAX (they overflowed) ggml goes on to
    // scan the whole grid, reading past the 8 values; here the first
    // candidate stays.
    std::uint16_t best = candidates[0];
    float best_d2 = FLT_MAX;
    for (const std::uint16_t candidate : candidates) {
        float d2 = 0;
        for (int j = 0; j < 8; ++j) {
            const float w = weight[j];
            const float diff = scaled[grid_quant(candidate, j)] - x[j];
            d2 += w * diff * diff;
        }
        if (d2 < best_d2) {
            best_d2 = d2;
            best = candidate;
        }
    }
    return best;
}

// Moves each 8 quants of a sub-block onto the grid (`levels[g]`: what group
// g's quants stand for) and returns the scale, refitted to the grid points
// when any group had to move.
template <int Groups>
float snap_to_grid(const GridNeighbours& grid, const float* x, const float* weight,
    const std::array<const Levels*, Groups>& levels, const std::int8_t* L, float scale,
    std::array<std::uint16_t, Groups>& index)
{
    bool all_on_grid = true;
    for (int g = 0; g < Groups; ++g) {
        const std::uint32_t key = grid_key(L + 8 * g);
        const int on_grid = grid.index_of(key);
        all_on_grid = all_on_grid && on_grid >= 0;
        index[g] = on_grid >= 0 ? static_cast<std::uint16_t>(on_grid)
                                : nearest_grid_point(grid.nearest(key), x + 8 * g, weight + 8 * g, scale, *levels[g]);
    }
    if (all_on_grid)
        return scale;
    float sumqx = 0, sumq2 = 0;
    for (int g = 0; g < Groups; ++g) {
        for (int j = 0; j < 8; ++j) {
            const float w = weight[8 * g + j];
            const float q = (*levels[g])[grid_quant(index[g], j)];
            sumqx += w * q * x[8 * g + j];
            sumq2 += w * q * q;
        }
    }
    return sumqx > 0 && sumq2 > 0 ? sumqx / sumq2 : scale;
}

// The 3-bit sub-block scale: odd multiples 1..15 of the super-block step d.
inline int scale_step(float id, float scale)
{
    return clamp_int(nearest_int(0.5f * (id * scale - 1)), 0, 7);
}

} // namespace hearth::quant::iq1
