#include <algorithm>
#include <array>
#include <cfloat>
#include <cstdint>

#include "engine/gguf/ggml_type.h"
#include "engine/quant/half.h"
#include "engine/quant/quantize_iq1.h"
#include "engine/quant/quantize_iq1_fit.h"

// IQ1_M as ggml quantizes it (quantize_row_iq1_m_impl): IQ1_S's method
// (quantize_iq1.cpp) on sub-blocks of 16 whose two halves each have their
// own offset sign, then a least-squares refit of the super-block step to
// the stored 3-bit scales. Built without FMA contraction, as IQ1_S.
namespace hearth::quant {

using namespace iq1;

namespace {

constexpr int kIq1MBlock = 16; // values sharing a scale; the offset sign is per 8
constexpr float kIq1MGroupEps = 1e-7f; // below: the sub-block counts as all zero

// IQ1_M's four offset choices, as accumulators: 0 both halves raised,
// 1 second half lowered, 2 first half lowered, 3 both lowered.
struct FourSums {
    std::array<float, 4> qx {};
    std::array<float, 4> q2 {};
};

// IQ1_M's search. ggml sums each split's terms afresh, in sorted order, so
// the sums are rounded in that order; this adds the same terms in the same
// order but shares the running sum of a split's first two levels with the
// next split: a third of the additions, 10.7 → 3.3 s CPU for a 4096×4096
// matrix.
TernaryFit fit_iq1_m_block(const float* x, const float* weight, const std::array<int, kIq1MBlock>& order)
{
    constexpr int n = kIq1MBlock;
    // terms[level][j]: sorted value j's addends to each accumulator.
    std::array<std::array<FourSums, n>, 3> terms;
    for (int j = 0; j < n; ++j) {
        const int i = order[j];
        for (int level = 0; level < 3; ++level) {
            for (int k = 0; k < 4; ++k) {
                const bool lowered = i < n / 2 ? (k & 2) : (k & 1);
                const float v = lowered ? kLowered[level] : kRaised[level];
                terms[level][j].qx[k] = weight[i] * v * x[i];
                terms[level][j].q2[k] = weight[i] * v * v;
            }
        }
    }
    auto add = [](FourSums& sums, const FourSums& term) {
        for (int k = 0; k < 4; ++k) {
            sums.qx[k] += term.qx[k];
            sums.q2[k] += term.q2[k];
        }
    };
    TernaryFit best;
    float best_score = -FLT_MAX;
    FourSums low; // quant 0 below i1
    for (int i1 = 0; i1 <= n; ++i1) {
        FourSums low_mid = low; // and quant 1 from i1 to i2
        for (int i2 = i1; i2 <= n; ++i2) {
            FourSums all = low_mid;
            for (int j = i2; j < n; ++j)
                add(all, terms[2][j]);
            for (int k = 0; k < 4; ++k)
                consider(best, best_score, all.qx[k], all.q2[k], i1, i2, k);
            if (i2 < n)
                add(low_mid, terms[1][i2]);
        }
        if (i1 < n)
            add(low, terms[0][i1]);
    }
    return best;
}

} // namespace

void quantize_iq1_m(const float* x, BlockIQ1M* y, std::size_t n, const float* importance)
{
    constexpr int kBlocks = kSuperBlock / kIq1MBlock;
    // qh's offset-sign bits by fit offsets: bit 1, first 8 lowered → 0x08; bit 0, second 8 → 0x80.
    constexpr std::array<std::uint8_t, 4> kOffsetBits = { 0x00, 0x80, 0x08, 0x88 };
    const GridNeighbours& grid = grid_neighbours(GgmlType::IQ1_M);
    auto group_levels = [](int offsets) {
        return std::array<const Levels*, 2> { offsets & 2 ? &kLowered : &kRaised, offsets & 1 ? &kLowered : &kRaised };
    };
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        BlockIQ1M& out = y[b];
        out = {};
        std::array<float, kSuperBlock> weight;
        fill_weights(x, importance ? importance + b * kSuperBlock : nullptr, spread(x), kSuperBlock, weight.data());
        // A sub-block that is all zero (or has no fit) keeps scale 0 and
        // grid point 0, which the final fit below still counts, as ggml does.
        std::array<float, kBlocks> scales {};
        std::array<int, kBlocks> offsets {};
        std::array<std::array<std::uint16_t, 2>, kBlocks> indices {};
        float max_scale = 0;
        for (int ib = 0; ib < kBlocks; ++ib) {
            const float* xb = x + kIq1MBlock * ib;
            const float* wb = weight.data() + kIq1MBlock * ib;
            if (max_magnitude(xb, kIq1MBlock) < kIq1MGroupEps)
                continue;
            const auto order = ascending_order<kIq1MBlock>(xb);
            TernaryFit fit = fit_iq1_m_block(xb, wb, order);
            if (!fit.found)
                continue;
            std::array<std::int8_t, kIq1MBlock> L;
            apply_fit(order, fit, 3, L);
            auto& index = indices[ib];
            scales[ib] = snap_to_grid<2>(grid, xb, wb, group_levels(fit.offsets), L.data(), fit.scale, index);
            offsets[ib] = fit.offsets;
            max_scale = std::max(max_scale, scales[ib]);
            out.qs[2 * ib] = static_cast<std::uint8_t>(index[0] & 255);
            out.qs[2 * ib + 1] = static_cast<std::uint8_t>(index[1] & 255);
            out.qh[ib] = static_cast<std::uint8_t>((index[0] >> 8) | ((index[1] >> 8) << 4));
        }
        if (!max_scale)
            continue;
        // The super-block step is refitted to the stored 3-bit scales.
        float d = max_scale / 15;
        const float id = 1 / d;
        std::array<std::uint16_t, 4> words {}; // four 3-bit scales each, the fp16 step in the top nibbles
        float sumqx = 0, sumq2 = 0;
        for (int ib = 0; ib < kBlocks; ++ib) {
            const int l = scale_step(id, scales[ib]);
            words[ib / 4] = static_cast<std::uint16_t>(words[ib / 4] | (l << (3 * (ib % 4))));
            out.qh[ib] = static_cast<std::uint8_t>(out.qh[ib] | kOffsetBits[offsets[ib]]);
            const auto levels = group_levels(offsets[ib]);
            const float multiple = static_cast<float>(2 * l + 1);
            for (int g = 0; g < 2; ++g) {
                for (int j = 0; j < 8; ++j) {
                    const int i = kIq1MBlock * ib + 8 * g + j;
                    const float w = weight[i];
                    const float q = (*levels[g])[grid_quant(indices[ib][g], j)] * multiple;
                    sumqx += w * q * x[i];
                    sumq2 += w * q * q;
                }
            }
        }
        if (sumq2 > 0)
            d = sumqx / sumq2;
        // 1.1125: ggml's empirical factor, as IQ1_S's 1.125.
        const std::uint16_t step = float_to_fp16(d * 1.1125f);
        for (int w = 0; w < 4; ++w) {
            words[w] = static_cast<std::uint16_t>(words[w] | (((step >> (4 * w)) & 0xF) << 12));
            out.scales[2 * w] = static_cast<std::uint8_t>(words[w] & 0xFF);
            out.scales[2 * w + 1] = static_cast<std::uint8_t>(words[w] >> 8);
        }
    }
}

} // namespace hearth::quant
