#include "engine/quant/quantize_iq3_fit.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

#include "engine/quant/grid_neighbours.h"
#include "engine/quant/iq_grid_points.h"
#include "engine/quant/nearest_int.h"
#include "engine/quant/scale_fits.h"

// The search behind IQ3_XXS and IQ3_S, as ggml's quantize_row_iq3_xxs_impl
// and quantize_row_iq3_s_impl run it. Per block of 32, the weights are
// taken by magnitude (signs stored apart) and each 4 of them rounded to a
// lattice point of odd values 1..15 at a range of trial scales; a point off
// the grid is replaced by the best of the grid points nearest to it. The
// trial with the best weighted least-squares fit wins, and its off-grid
// groups are re-rounded at the fitted scale. Every float expression keeps
// ggml's order (this file is built without FMA contraction), since the
// bytes depend on it.
namespace hearth::quant::iq3 {

namespace {

constexpr int kLevels = 8; // lattice coordinate l in 0..7 stands for the odd value 2l + 1
constexpr int kTopOdd = 2 * kLevels - 1;
constexpr int kPointBits = 3;

constexpr int coordinate(std::uint32_t point, int i)
{
    return static_cast<int>((point >> (kPointBits * i)) & (kLevels - 1));
}

using OddPoint = std::array<float, 4>; // a grid point's odd values 2l + 1

// The grid's points as odd values, worked out at compile time: the
// neighbour search reads them for every candidate it tries.
template <std::size_t N> constexpr std::array<OddPoint, N> odd_points(const std::uint16_t (&packed)[N])
{
    std::array<OddPoint, N> points {};
    for (std::size_t j = 0; j < N; ++j)
        for (int i = 0; i < 4; ++i)
            points[j][i] = static_cast<float>(2 * coordinate(packed[j], i) + 1);
    return points;
}

constexpr auto kXxsOddPoints = odd_points(grid_points::kIq3XxsPacked);
constexpr auto kSOddPoints = odd_points(grid_points::kIq3SPacked);

// What sets the two types apart inside a block.
struct Rules {
    const GridNeighbours& grid;
    std::span<const OddPoint> points;
    int scale_steps; // trial scales 0.2 levels apart each side of max / 15
    // Blocks whose largest magnitude is below this are stored as zeros.
    float zero_below;
    // IQ3_XXS stores 7 sign bits per 8 elements, the 8th making the count of
    // negatives even; so when it is odd, the element that costs least is
    // taken with its sign flipped.
    bool even_negatives;
    // IQ3_S re-rounds every group at the fitted scale, IQ3_XXS only those
    // the winning trial had off the grid.
    bool refit_every_group;
};

const Rules& xxs_rules()
{
    static const Rules rules {
        .grid = grid_neighbours(GgmlType::IQ3_XXS),
        .points = kXxsOddPoints,
        .scale_steps = 15,
        .zero_below = 1e-8f,
        .even_negatives = true,
        .refit_every_group = false,
    };
    return rules;
}

const Rules& s_rules()
{
    static const Rules rules {
        .grid = grid_neighbours(GgmlType::IQ3_S),
        .points = kSOddPoints,
        .scale_steps = 9,
        // ggml skips only exact zeros; for magnitudes (never negative) that
        // is "below the smallest denormal", -0 included.
        .zero_below = std::numeric_limits<float>::denorm_min(),
        .even_negatives = false,
        .refit_every_group = true,
    };
    return rules;
}

// Rounds 4 magnitudes at inverse scale `id` to lattice coordinates (into L)
// and returns their packed key.
std::uint32_t round_to_lattice(const float* xval, float id, std::int8_t* L)
{
    std::uint32_t key = 0;
    for (int i = 0; i < 4; ++i) {
        const int l = clamp_int(nearest_int(0.5f * (id * xval[i] - 1)), 0, kLevels - 1);
        L[i] = static_cast<std::int8_t>(l);
        key |= static_cast<std::uint32_t>(l) << (kPointBits * i);
    }
    return key;
}

// Of the grid points `candidates`, the one nearest to xval at `scale` in
// squared distance weighted by `w` (the first on ties); its coordinates go
// to L.
void nearest_point(std::span<const std::uint16_t> candidates, std::span<const OddPoint> points, const float* xval,
    const float* w, float scale, std::int8_t* L)
{
    float best_d2 = std::numeric_limits<float>::max();
    int best = -1;
    for (const std::uint16_t index : candidates) {
        const OddPoint& q = points[index];
        float d2 = 0;
        for (int i = 0; i < 4; ++i) {
            const float diff = scale * q[i] - xval[i];
            d2 += w[i] * diff * diff;
        }
        if (d2 < best_d2) {
            best_d2 = d2;
            best = index;
        }
    }
    assert(best >= 0);
    for (int i = 0; i < 4; ++i)
        L[i] = static_cast<std::int8_t>((static_cast<int>(points[best][i]) - 1) / 2);
}

// Rounds one group of 4 at inverse scale `id`, moving it to the best of its
// nearest grid points (judged at `scale`) when it lands off the grid.
// Returns whether it landed on the grid.
bool round_group(const Rules& rules, const float* xval, const float* w, float id, float scale, std::int8_t* L)
{
    const std::uint32_t key = round_to_lattice(xval, id, L);
    if (rules.grid.index_of(key) >= 0)
        return true;
    nearest_point(rules.grid.nearest(key), rules.points, xval, w, scale, L);
    return false;
}

struct WeightedFit {
    float sumqx = 0;
    float sumq2 = 0;
};

WeightedFit weighted_fit(const float* weight, const float* xval, const std::int8_t* L)
{
    WeightedFit fit;
    for (int i = 0; i < kBlock; ++i) {
        const float w = weight[i];
        const float q = static_cast<float>(2 * L[i] + 1);
        fit.sumqx += w * xval[i] * q;
        fit.sumq2 += w * q * q;
    }
    return fit;
}

// The magnitudes to fit (xval) and the signs to store for one block.
void split_signs(const Rules& rules, const float* xb, const float* weight, float* xval, FittedBlock& out)
{
    for (int k = 0; k < kSignBytes; ++k) {
        const float* x = xb + 8 * k;
        float* v = xval + 8 * k;
        int negatives = 0;
        std::uint8_t s = 0;
        for (int i = 0; i < 8; ++i) {
            if (x[i] >= 0) {
                v[i] = x[i];
            } else {
                v[i] = -x[i];
                ++negatives;
                s = static_cast<std::uint8_t>(s | (1 << i));
            }
        }
        if (rules.even_negatives && negatives % 2) {
            const float* wk = weight + 8 * k;
            int cheapest = 0;
            float least = wk[0] * x[0] * x[0];
            for (int i = 1; i < 8; ++i) {
                const float cost = wk[i] * x[i] * x[i];
                if (cost < least) {
                    least = cost;
                    cheapest = i;
                }
            }
            v[cheapest] = -v[cheapest];
            s = static_cast<std::uint8_t>(s ^ (1 << cheapest));
        }
        out.signs[k] = rules.even_negatives ? static_cast<std::uint8_t>(s & 127) : s;
    }
}

// One block of 32: its scale, grid points and signs. `qw`: the block's
// importance, or null; `sigma2`: the super-block's spread.
FittedBlock fit_block(const Rules& rules, const float* xb, const float* qw, float sigma2)
{
    std::array<float, kBlock> weight;
    for (int i = 0; i < kBlock; ++i)
        weight[i] = qw ? qw[i] * std::sqrt(sigma2 + xb[i] * xb[i]) : xb[i] * xb[i];
    // The neighbour search weighs distances by the square roots.
    std::array<float, kBlock> root_weight;
    for (int i = 0; i < kBlock; ++i)
        root_weight[i] = std::sqrt(weight[i]);

    FittedBlock out;
    std::array<float, kBlock> xval;
    split_signs(rules, xb, weight.data(), xval.data(), out);
    float max = xval[0];
    for (int i = 1; i < kBlock; ++i)
        max = std::max(xval[i], max);
    if (max < rules.zero_below)
        return out;
    out.all_zero = false;

    // The search keeps the first trial's scale until a fit beats it; a block
    // none fits (all weights zero) keeps max / 15 and all-zero levels.
    std::array<std::int8_t, kBlock> L {};
    std::array<std::int8_t, kBlock> trial;
    std::array<bool, kGroups> on_grid;
    std::array<bool, kGroups> trial_on_grid;
    on_grid.fill(!rules.refit_every_group);
    float best = 0;
    float scale = max / kTopOdd;
    for (int step = -rules.scale_steps; step <= rules.scale_steps; ++step) {
        const float id = (kTopOdd + step * 0.2f) / max;
        const float this_scale = 1 / id;
        for (int k = 0; k < kGroups; ++k)
            trial_on_grid[k] = round_group(rules, &xval[4 * k], &root_weight[4 * k], id, this_scale, &trial[4 * k]);
        const WeightedFit fit = weighted_fit(weight.data(), xval.data(), trial.data());
        if (fit.sumq2 > 0 && fit.sumqx * fit.sumqx > best * fit.sumq2) {
            scale = fit.sumqx / fit.sumq2;
            best = scale * fit.sumqx;
            L = trial;
            on_grid = trial_on_grid;
        }
    }

    const bool any_off_grid = std::find(on_grid.begin(), on_grid.end(), false) != on_grid.end();
    if (any_off_grid && scale > 0) {
        const float id = 1 / scale;
        for (int k = 0; k < kGroups; ++k) {
            if (on_grid[k] && !rules.refit_every_group)
                continue;
            round_group(rules, &xval[4 * k], &root_weight[4 * k], id, scale, &L[4 * k]);
        }
        const WeightedFit fit = weighted_fit(weight.data(), xval.data(), L.data());
        if (fit.sumq2 > 0)
            scale = fit.sumqx / fit.sumq2;
    }
    // Only a fit dominated by an IQ3_XXS flipped sign can come out negative;
    // the stored scale is unsigned, so the signs flip instead.
    if (scale < 0) {
        scale = -scale;
        for (auto& s : out.signs)
            s = static_cast<std::uint8_t>(~s & (rules.even_negatives ? 127 : 255));
    }
    out.scale = scale;

    for (int k = 0; k < kGroups; ++k) {
        std::uint32_t key = 0;
        for (int i = 0; i < 4; ++i)
            key |= static_cast<std::uint32_t>(L[4 * k + i]) << (kPointBits * i);
        const int index = rules.grid.index_of(key);
        assert(index >= 0);
        out.points[k] = static_cast<std::uint16_t>(index);
    }
    return out;
}

// The super-block's spread, 2 / 256 · Σ x², that importance-weighted fits
// add under the square root.
float spread(const float* x)
{
    float sumx2 = 0;
    for (std::size_t i = 0; i < kSuperBlock; ++i)
        sumx2 += x[i] * x[i];
    return 2 * sumx2 / static_cast<float>(kSuperBlock);
}

} // namespace

FittedSuperBlock fit_super_block(GgmlType type, const float* x, const float* importance)
{
    const Rules& rules = type == GgmlType::IQ3_XXS ? xxs_rules() : s_rules();
    assert(type == GgmlType::IQ3_XXS || type == GgmlType::IQ3_S);
    const float sigma2 = spread(x);
    FittedSuperBlock sb;
    for (int ib = 0; ib < kBlocks; ++ib) {
        sb.blocks[ib] = fit_block(rules, x + kBlock * ib, importance ? importance + kBlock * ib : nullptr, sigma2);
        sb.max_scale = std::max(sb.max_scale, sb.blocks[ib].scale);
    }
    return sb;
}

std::uint32_t scale_code(float id, float scale)
{
    return static_cast<std::uint32_t>(clamp_int(nearest_int(0.5f * (id * scale - 1)), 0, 15));
}

} // namespace hearth::quant::iq3
