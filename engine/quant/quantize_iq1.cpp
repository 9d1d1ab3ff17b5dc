#include "engine/quant/quantize_iq1.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cfloat>
#include <cstdint>

#include "engine/gguf/ggml_type.h"
#include "engine/quant/half.h"
#include "engine/quant/quantize_iq1_fit.h"

// IQ1_S as ggml quantizes it (quantize_row_iq1_s_impl); IQ1_M
// (quantize_iq1_m.cpp) follows the same method. Each quant is -1, 0 or +1
// plus an offset of ±1/8 shared by the sub-block, so its best fit is found
// exactly: sort the values, try every pair of boundaries between the three
// levels with both offset signs, and keep the split with the best weighted
// least-squares score. Each 8 quants then move to the nearest point of the
// 2048-point grid, and the scales are stored as 3-bit multiples of a
// super-block step. Every float expression keeps ggml's operand order, and
// the file is built without FMA contraction (quant/sources.cmake): a scale
// one ulp off changes the bytes.
namespace hearth::quant {

using namespace iq1;

namespace {

constexpr int kIq1SBlock = 32; // values sharing a scale and offset sign
constexpr float kIq1SGroupEps = 1e-12f; // below: the sub-block counts as all zero

// IQ1_S's search: one offset sign for all 32, so each split's sums come
// from prefix sums over the sorted values.
TernaryFit fit_iq1_s_block(const float* x, const float* weight, const std::array<int, kIq1SBlock>& order)
{
    constexpr int n = kIq1SBlock;
    std::array<float, n + 1> sumx, sumw;
    sumx[0] = sumw[0] = 0;
    for (int j = 0; j < n; ++j) {
        const int i = order[j];
        sumx[j + 1] = sumx[j] + weight[i] * x[i];
        sumw[j + 1] = sumw[j] + weight[i];
    }
    TernaryFit best;
    float best_score = -FLT_MAX;
    for (int i1 = 0; i1 <= n; ++i1) {
        for (int i2 = i1; i2 <= n; ++i2) {
            for (int lowered = 0; lowered < 2; ++lowered) {
                const Levels& v = lowered ? kLowered : kRaised;
                const float sumqx
                    = (sumx[i1] - sumx[0]) * v[0] + (sumx[i2] - sumx[i1]) * v[1] + (sumx[n] - sumx[i2]) * v[2];
                const float sumq2 = (sumw[i1] - sumw[0]) * v[0] * v[0] + (sumw[i2] - sumw[i1]) * v[1] * v[1]
                    + (sumw[n] - sumw[i2]) * v[2] * v[2];
                consider(best, best_score, sumqx, sumq2, i1, i2, lowered);
            }
        }
    }
    return best;
}

} // namespace

void quantize_iq1_s(const float* x, BlockIQ1S* y, std::size_t n, const float* importance)
{
    assert(importance && "IQ1_S needs an importance matrix");
    constexpr int kBlocks = kSuperBlock / kIq1SBlock;
    const GridNeighbours& grid = grid_neighbours(GgmlType::IQ1_S);
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock, importance += kSuperBlock) {
        BlockIQ1S& out = y[b];
        out = {};
        const float sigma2 = spread(x);
        std::array<float, kBlocks> scales {}; // 0 where a sub-block is all zero
        std::array<int, kBlocks> lowered {};
        float max_scale = 0;
        for (int ib = 0; ib < kBlocks; ++ib) {
            const float* xb = x + kIq1SBlock * ib;
            std::array<float, kIq1SBlock> weight;
            fill_weights(xb, importance + kIq1SBlock * ib, sigma2, kIq1SBlock, weight.data());
            if (max_magnitude(xb, kIq1SBlock) < kIq1SGroupEps)
                continue;
            const auto order = ascending_order<kIq1SBlock>(xb);
            TernaryFit fit = fit_iq1_s_block(xb, weight.data(), order);
            if (!fit.found)
                continue;
            std::array<std::int8_t, kIq1SBlock> L;
            apply_fit(order, fit, 1, L);
            const Levels* levels = fit.offsets ? &kLowered : &kRaised;
            std::array<std::uint16_t, kIq1SBlock / 8> index;
            scales[ib] = snap_to_grid<kIq1SBlock / 8>(
                grid, xb, weight.data(), { levels, levels, levels, levels }, L.data(), fit.scale, index);
            lowered[ib] = fit.offsets;
            max_scale = std::max(max_scale, scales[ib]);
            std::uint16_t high_bits = 0;
            for (int g = 0; g < kIq1SBlock / 8; ++g) {
                out.qs[4 * ib + g] = static_cast<std::uint8_t>(index[g] & 255);
                high_bits = static_cast<std::uint16_t>(high_bits | ((index[g] >> 8) << (3 * g)));
            }
            out.qh[ib] = high_bits;
        }
        if (!max_scale)
            continue;
        const float d = max_scale / 15;
        // ggml stores the step 1/8 larger than the fit's: its author's
        // empirical factor, part of the format's bytes now.
        out.d = float_to_fp16(d * 1.125f);
        const float id = 1 / d;
        for (int ib = 0; ib < kBlocks; ++ib) {
            const int l = scale_step(id, scales[ib]) | (lowered[ib] ? 8 : 0);
            out.qh[ib] = static_cast<std::uint16_t>(out.qh[ib] | (l << 12));
        }
    }
}

} // namespace hearth::quant
