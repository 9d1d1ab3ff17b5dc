#include "engine/quant/quantize_iq2.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>

#include "engine/quant/half.h"
#include "engine/quant/iq2_search.h"
#include "engine/quant/iq_grid_points.h"
#include "engine/quant/nearest_int.h"
#include "engine/quant/scale_fits.h"
#include "engine/quant/unsupported_type.h"

// IQ2_XXS and IQ2_XS as ggml quantizes them, and the search they share with
// IQ2_S (quantize_iq2_s.cpp). Each 8 values become one point of the type's
// grid, a point of {1, 3, 5}^8 (lattice coordinates 0..2) times a block
// scale, with the signs stored apart. For each block (32 values for
// IQ2_XXS, 16 for the others) the search folds the signs into |x|, tries a
// range of scales, rounds each 8 to the lattice, takes the nearest grid
// point when the rounded one is off the grid, and keeps the scale whose
// weighted least-squares fit is best; then it re-rounds at that scale and
// refits. The block scales are stored as 4-bit codes of one fp16
// super-block scale. Every float expression keeps ggml's operand order and
// this file is built without FMA contraction (quant/sources.cmake): which
// grid point wins is decided by comparisons that the last bit moves.
namespace hearth::quant {

namespace {

using iq2::kOctet;
using OctetLevels = std::array<float, kOctet>;

constexpr int kMaxQ = 3; // ggml's: coordinates 0..kMaxQ - 1, odd levels up to 2 * kMaxQ - 1

constexpr int coordinate(std::uint16_t point, int i)
{
    return (point >> (2 * i)) & 3;
}

template <std::size_t N> constexpr std::array<OctetLevels, N> odd_levels(const std::uint16_t (&points)[N])
{
    std::array<OctetLevels, N> levels {};
    for (std::size_t p = 0; p < N; ++p) {
        for (int i = 0; i < kOctet; ++i)
            levels[p][i] = static_cast<float>(2 * coordinate(points[p], i) + 1);
    }
    return levels;
}

// The neighbour search reads these rather than decoding coordinates, with
// the 8 terms of a distance apart from their sum so that they vectorise:
// 3.6 → 2.3 s for 1024 rows of 4096 in IQ2_XS (thread CPU time).
constexpr auto kIq2XxsLevels = odd_levels(grid_points::kIq2XxsPacked);
constexpr auto kIq2XsLevels = odd_levels(grid_points::kIq2XsPacked);
constexpr auto kIq2SLevels = odd_levels(grid_points::kIq2SPacked);

// The grid index of the neighbour of off-grid point `key` nearest to xval
// at `scale`, by distance weighted with `waux`; the first listed on ties.
int nearest_neighbour(const iq2::Grid& grid, std::uint32_t key, const float* xval, const float* waux, float scale)
{
    const auto candidates = grid.neighbours.nearest(key);
    float best_d2 = std::numeric_limits<float>::max();
    int best = -1;
    for (const std::uint16_t index : candidates) {
        const OctetLevels& q = grid.levels[index];
        std::array<float, kOctet> terms;
        for (int i = 0; i < kOctet; ++i) {
            const float diff = scale * q[i] - xval[i];
            terms[i] = waux[i] * diff * diff;
        }
        float d2 = 0;
        for (const float term : terms)
            d2 += term;
        if (d2 < best_d2) {
            best_d2 = d2;
            best = index;
        }
    }
    // Only a NaN in the row leaves none nearer than FLT_MAX (ggml aborts).
    assert(best >= 0);
    return best >= 0 ? best : candidates.front();
}

// Rounds 8 values at inverse scale `id` to lattice coordinates in L; when
// that point is off the grid, L gets its nearest neighbour at `scale`.
// Returns whether the rounded point was on the grid.
bool round_to_grid(const iq2::Grid& grid, const float* xval, const float* waux, float id, float scale, std::int8_t* L)
{
    std::uint32_t key = 0;
    for (int i = 0; i < kOctet; ++i) {
        const int l = clamp_int(nearest_int(0.5f * (id * xval[i] - 1)), 0, kMaxQ - 1);
        L[i] = static_cast<std::int8_t>(l);
        key |= static_cast<std::uint32_t>(l) << (2 * i);
    }
    if (grid.neighbours.index_of(key) >= 0)
        return true;
    const std::uint16_t point = grid.points[nearest_neighbour(grid, key, xval, waux, scale)];
    for (int i = 0; i < kOctet; ++i)
        L[i] = static_cast<std::int8_t>(coordinate(point, i));
    return false;
}

struct LevelFit {
    float sumqx = 0; // Σ w · x · q
    float sumq2 = 0; // Σ w · q²
};

LevelFit fit_levels(const float* xval, const float* weight, const std::int8_t* L, int n)
{
    LevelFit fit;
    for (int i = 0; i < n; ++i) {
        const float w = weight[i];
        const float q = static_cast<float>(2 * L[i] + 1);
        fit.sumqx += w * xval[i] * q;
        fit.sumq2 += w * q * q;
    }
    return fit;
}

// One IQ2_XXS block of 32: its scale and grid coordinates (L), or nothing
// for a block stored as zeros. make_qp_quants' scale centres the search; at
// the end every 8 is rounded again at the winning scale.
std::optional<float> fit_block_of_32(
    const iq2::Grid& grid, const float* xval, const float* weight, const float* waux, std::int8_t* L)
{
    constexpr int n = 32;
    float max = xval[0];
    for (int i = 1; i < n; ++i)
        max = std::max(max, xval[i]);
    if (max < kGroupMaxEps)
        return std::nullopt;
    // make_qp_quants' scale, its levels in bytes as ggml keeps them (the one
    // negated value of an odd-signed 8 wraps to 255, as it does in ggml).
    std::array<std::uint8_t, n> first_levels;
    float scale = fit_positive_levels(n, kMaxQ + 1, xval, weight, first_levels.data());
    const float eff_max = scale * kMaxQ;
    if (eff_max <= 0)
        return std::nullopt;
    float best = 0;
    std::array<std::int8_t, n> trial;
    for (int is = -6; is <= 6; ++is) {
        const float id = (2 * kMaxQ - 1 + is * 0.1f) / eff_max;
        const float this_scale = 1 / id;
        for (int k = 0; k < n; k += kOctet)
            round_to_grid(grid, xval + k, waux + k, id, this_scale, trial.data() + k);
        const LevelFit fit = fit_levels(xval, weight, trial.data(), n);
        if (fit.sumq2 > 0 && fit.sumqx * fit.sumqx > best * fit.sumq2) {
            scale = fit.sumqx / fit.sumq2;
            best = scale * fit.sumqx;
            std::copy(trial.begin(), trial.end(), L);
        }
    }
    if (scale > 0) {
        const float id = 1 / scale;
        for (int k = 0; k < n; k += kOctet)
            round_to_grid(grid, xval + k, waux + k, id, scale, L + k);
        const LevelFit fit = fit_levels(xval, weight, L, n);
        if (fit.sumq2 > 0)
            scale = fit.sumqx / fit.sumq2;
    }
    return scale;
}

} // namespace

namespace iq2 {

Grid grid_of(GgmlType type)
{
    switch (type) {
    case GgmlType::IQ2_XXS:
        return { grid_neighbours(type), grid_points::kIq2XxsPacked, kIq2XxsLevels.data() };
    case GgmlType::IQ2_XS:
        return { grid_neighbours(type), grid_points::kIq2XsPacked, kIq2XsLevels.data() };
    case GgmlType::IQ2_S:
        return { grid_neighbours(type), grid_points::kIq2SPacked, kIq2SLevels.data() };
    default:
        unsupported_type("iq2::grid_of", type);
    }
}

std::uint8_t fold_signs(const float* x, const float* weight, bool even_count, float* xval)
{
    std::uint8_t signs = 0;
    int negatives = 0;
    for (int i = 0; i < kOctet; ++i) {
        if (x[i] >= 0) {
            xval[i] = x[i];
        } else {
            xval[i] = -x[i];
            ++negatives;
            signs = static_cast<std::uint8_t>(signs | (1 << i));
        }
    }
    if (!even_count)
        return signs;
    if (negatives % 2) {
        int cheapest = 0;
        float least = weight[0] * x[0] * x[0];
        for (int i = 1; i < kOctet; ++i) {
            const float cost = weight[i] * x[i] * x[i];
            if (cost < least) {
                least = cost;
                cheapest = i;
            }
        }
        xval[cheapest] = -xval[cheapest];
        signs = static_cast<std::uint8_t>(signs ^ (1 << cheapest));
    }
    return signs & 127;
}

// The search centres on the largest value mapped to the top level; at the
// end only the 8s that the winning scale had put off the grid are rounded
// again.
std::optional<float> fit_block_of_16(
    const Grid& grid, const float* xval, const float* weight, const float* waux, float eps, std::int8_t* L)
{
    constexpr int n = 16;
    float max = xval[0];
    for (int i = 1; i < n; ++i)
        max = std::max(max, xval[i]);
    std::fill(L, L + n, std::int8_t { 0 });
    if (max < eps)
        return std::nullopt;
    float best = 0;
    float scale = max / (2 * kMaxQ - 1);
    std::array<bool, 2> on_grid = { true, true };
    std::array<std::int8_t, n> trial;
    for (int is = -9; is <= 9; ++is) {
        const float id = (2 * kMaxQ - 1 + is * 0.1f) / max;
        const float this_scale = 1 / id;
        std::array<bool, 2> trial_on_grid;
        for (int k = 0; k < 2; ++k)
            trial_on_grid[k]
                = round_to_grid(grid, xval + kOctet * k, waux + kOctet * k, id, this_scale, trial.data() + kOctet * k);
        const LevelFit fit = fit_levels(xval, weight, trial.data(), n);
        if (fit.sumq2 > 0 && fit.sumqx * fit.sumqx > best * fit.sumq2) {
            scale = fit.sumqx / fit.sumq2;
            best = scale * fit.sumqx;
            std::copy(trial.begin(), trial.end(), L);
            on_grid = trial_on_grid;
        }
    }
    if ((!on_grid[0] || !on_grid[1]) && scale > 0) {
        const float id = 1 / scale;
        for (int k = 0; k < 2; ++k) {
            if (!on_grid[k])
                round_to_grid(grid, xval + kOctet * k, waux + kOctet * k, id, scale, L + kOctet * k);
        }
        const LevelFit fit = fit_levels(xval, weight, L, n);
        if (fit.sumq2 > 0)
            scale = fit.sumqx / fit.sumq2;
    }
    return scale;
}

std::uint32_t grid_index(const Grid& grid, const std::int8_t* L)
{
    std::uint32_t key = 0;
    for (int i = 0; i < kOctet; ++i)
        key |= static_cast<std::uint32_t>(L[i]) << (2 * i);
    const int index = grid.neighbours.index_of(key);
    assert(index >= 0);
    return static_cast<std::uint32_t>(std::max(index, 0));
}

int block_scale_code(float scale, float inverse_d)
{
    return clamp_int(nearest_int(0.5f * (inverse_d * scale - 1)), 0, 15);
}

} // namespace iq2

void quantize_iq2_xxs(const float* x, BlockIQ2XXS* y, std::size_t n, const float* importance)
{
    assert(importance && "IQ2_XXS needs an importance matrix");
    const iq2::Grid grid = iq2::grid_of(GgmlType::IQ2_XXS);
    constexpr int kBlocks = kSuperBlock / 32;
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock, importance += kSuperBlock) {
        const float sigma2 = mean_square(x, kSuperBlock);
        // Per block of 32 two words: four 8-bit grid indices; four 7-bit
        // sign codes and the 4-bit scale code on top.
        std::array<std::uint32_t, 2 * kBlocks> words {};
        std::array<float, kBlocks> scales;
        float max_scale = 0;
        for (int ib = 0; ib < kBlocks; ++ib) {
            const float* xb = x + 32 * ib;
            float weight[32], waux[32], xval[32];
            std::int8_t L[32];
            std::uint8_t signs[4];
            weigh_by_importance(xb, importance + 32 * ib, sigma2, 32, weight);
            for (int i = 0; i < 32; ++i)
                waux[i] = std::sqrt(weight[i]);
            for (int k = 0; k < 4; ++k)
                signs[k] = iq2::fold_signs(xb + kOctet * k, weight + kOctet * k, true, xval + kOctet * k);
            const std::optional<float> fit = fit_block_of_32(grid, xval, weight, waux, L);
            if (!fit) {
                scales[ib] = 0;
                continue;
            }
            float scale = *fit;
            if (scale < 0) { // keeps the stored scale unsigned; ggml never expects it
                scale = -scale;
                for (auto& s : signs)
                    s = static_cast<std::uint8_t>(~s & 127);
            }
            for (int k = 0; k < 4; ++k) {
                words[2 * ib] |= iq2::grid_index(grid, L + kOctet * k) << (8 * k);
                words[2 * ib + 1] |= std::uint32_t { signs[k] } << (7 * k);
            }
            scales[ib] = scale;
            max_scale = std::max(max_scale, scale);
        }
        BlockIQ2XXS& out = y[b];
        if (!max_scale) {
            out.d = float_to_fp16(0.f);
            std::memset(out.qs, 0, sizeof out.qs);
            continue;
        }
        const float d = max_scale / iq2::kScaleSteps;
        out.d = float_to_fp16(d);
        const float id = 1 / d;
        for (int ib = 0; ib < kBlocks; ++ib)
            words[2 * ib + 1] |= static_cast<std::uint32_t>(iq2::block_scale_code(scales[ib], id)) << 28;
        std::memcpy(out.qs, words.data(), sizeof out.qs);
    }
}

void quantize_iq2_xs(const float* x, BlockIQ2XS* y, std::size_t n, const float* importance)
{
    assert(importance && "IQ2_XS needs an importance matrix");
    const iq2::Grid grid = iq2::grid_of(GgmlType::IQ2_XS);
    constexpr int kBlocks = kSuperBlock / 16;
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock, importance += kSuperBlock) {
        const float sigma2 = mean_square(x, kSuperBlock);
        std::array<std::uint16_t, 2 * kBlocks> codes {}; // per 8: 9-bit grid index, 7-bit sign code above
        std::array<float, kBlocks> scales;
        float max_scale = 0;
        for (int ib = 0; ib < kBlocks; ++ib) {
            const float* xb = x + 16 * ib;
            float weight[16], waux[16], xval[16];
            std::int8_t L[16];
            std::uint8_t signs[2];
            weigh_by_importance(xb, importance + 16 * ib, sigma2, 16, weight);
            for (int i = 0; i < 16; ++i)
                waux[i] = std::sqrt(weight[i]);
            for (int k = 0; k < 2; ++k)
                signs[k] = iq2::fold_signs(xb + kOctet * k, weight + kOctet * k, true, xval + kOctet * k);
            const std::optional<float> fit = iq2::fit_block_of_16(grid, xval, weight, waux, kGroupMaxEps, L);
            if (!fit) {
                scales[ib] = 0;
                continue;
            }
            float scale = *fit;
            if (scale < 0) {
                scale = -scale;
                for (auto& s : signs)
                    s = static_cast<std::uint8_t>(~s & 127);
            }
            for (int k = 0; k < 2; ++k)
                codes[2 * ib + k] = static_cast<std::uint16_t>(iq2::grid_index(grid, L + kOctet * k) | (signs[k] << 9));
            scales[ib] = scale;
            max_scale = std::max(max_scale, scale);
        }
        BlockIQ2XS& out = y[b];
        std::memset(out.scales, 0, sizeof out.scales);
        if (!max_scale) {
            out.d = float_to_fp16(0.f);
            std::memset(out.qs, 0, sizeof out.qs);
            continue;
        }
        const float d = max_scale / iq2::kScaleSteps;
        out.d = float_to_fp16(d);
        const float id = 1 / d;
        for (int ib = 0; ib < kBlocks; ++ib)
            out.scales[ib / 2] |= static_cast<std::uint8_t>(iq2::block_scale_code(scales[ib], id) << (4 * (ib % 2)));
        std::memcpy(out.qs, codes.data(), sizeof out.qs);
    }
}

} // namespace hearth::quant
