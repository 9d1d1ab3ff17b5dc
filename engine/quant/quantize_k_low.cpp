#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/quant/half.h"
#include "engine/quant/nearest_int.h"
#include "engine/quant/quantize_blocks.h"
#include "engine/quant/scale_fits.h"

// Q2_K and Q3_K's quantizers: ggml's reference ones (quantize_row_q{2,3}_K_ref)
// and, with an importance matrix, its weighted ones, with ggml's operand
// order kept for the same reason as in quantize_k.cpp.
namespace hearth::quant {

namespace {

constexpr int kGroups = kSuperBlock / 16;

// Q2_K and Q3_K's 2-bit planes: byte l of each 32-byte run holds quants
// l, l + 32, l + 64 and l + 96 of its 128.
template <typename Level> void pack_two_bit_planes(const Level* L, std::uint8_t* qs)
{
    for (std::size_t j = 0; j < kSuperBlock; j += 128)
        for (std::size_t l = 0; l < 32; ++l)
            qs[j / 4 + l] = static_cast<std::uint8_t>(
                L[j + l] | (L[j + l + 32] << 2) | (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
}

// The quants again against Q2_K's scales as stored, then packed; a group
// whose scale rounded to zero keeps the fit's quants.
void finish_q2_k(const float* x, std::uint8_t (&L)[kSuperBlock], BlockQ2K& out)
{
    for (int g = 0; g < kGroups; ++g) {
        const float d = fp16_to_float(out.d) * (out.scales[g] & 0xF);
        if (!d)
            continue;
        const float dm = fp16_to_float(out.dmin) * (out.scales[g] >> 4);
        for (int i = 0; i < 16; ++i)
            L[16 * g + i] = static_cast<std::uint8_t>(clamp_int(nearest_int((x[16 * g + i] + dm) / d), 0, 3));
    }
    pack_two_bit_planes(L, out.qs);
}

// Q2_K with an importance matrix: each group's scale and min fitted with
// weighted errors, then the 4-bit levels of both fitted to the groups'
// total weights.
void quantize_q2_k_weighted(const float* x, const float* importance, BlockQ2K& out)
{
    std::uint8_t L[kSuperBlock];
    float scales[kGroups];
    float mins[kGroups];
    float group_weights[kGroups];
    const float sigma2 = mean_square(x, kSuperBlock);
    for (int g = 0; g < kGroups; ++g) {
        float weights[16];
        weigh_by_importance(x + 16 * g, importance + 16 * g, sigma2, 16, weights);
        group_weights[g] = 0;
        for (float w : weights)
            group_weights[g] += w;
        scales[g] = fit_scale_and_min(16, 3, x + 16 * g, weights, L + 16 * g, mins[g], -0.9f, 0.05f, 36, false);
    }
    std::uint8_t scale_levels[kGroups];
    std::uint8_t min_levels[kGroups];
    out.d = float_to_fp16(fit_positive_levels(kGroups, 15, scales, group_weights, scale_levels));
    out.dmin = float_to_fp16(fit_positive_levels(kGroups, 15, mins, group_weights, min_levels));
    for (int g = 0; g < kGroups; ++g)
        out.scales[g] = static_cast<std::uint8_t>(scale_levels[g] | (min_levels[g] << 4));
    finish_q2_k(x, L, out);
}

// Q3_K's 6-bit group scales (biased by 32): low nibbles in bytes 0..7, the
// two high bits of group g in byte 8 + g % 4 at bit 2 * (g / 4).
void pack_q3_k_scales(const int (&levels)[kGroups], std::uint8_t (&scales)[12])
{
    std::memset(scales, 0, sizeof scales);
    for (int g = 0; g < kGroups; ++g) {
        const int l = levels[g];
        if (g < 8)
            scales[g] = l & 0xF;
        else
            scales[g - 8] = static_cast<std::uint8_t>(scales[g - 8] | ((l & 0xF) << 4));
        scales[g % 4 + 8] = static_cast<std::uint8_t>(scales[g % 4 + 8] | ((l >> 4) << (2 * (g / 4))));
    }
}

// The quants again against Q3_K's scales as stored, then packed: third
// bits into hmask, the low two into planes.
void finish_q3_k(const float* x, std::int8_t (&L)[kSuperBlock], BlockQ3K& out)
{
    for (int g = 0; g < kGroups; ++g) {
        const int low = g < 8 ? out.scales[g] & 0xF : out.scales[g - 8] >> 4;
        const int scale = (low | (((out.scales[8 + g % 4] >> (2 * (g / 4))) & 3) << 4)) - 32;
        const float d = fp16_to_float(out.d) * scale;
        if (!d)
            continue;
        for (int i = 0; i < 16; ++i)
            L[16 * g + i] = static_cast<std::int8_t>(clamp_int(nearest_int(x[16 * g + i] / d), -4, 3) + 4);
    }
    // The third bit of quant j goes to bit j / 32 of hmask[j % 32].
    std::memset(out.hmask, 0, sizeof out.hmask);
    for (std::size_t j = 0; j < kSuperBlock; ++j) {
        if (L[j] > 3) {
            out.hmask[j % 32] = static_cast<std::uint8_t>(out.hmask[j % 32] | (1 << (j / 32)));
            L[j] = static_cast<std::int8_t>(L[j] - 4);
        }
    }
    pack_two_bit_planes(L, out.qs);
}

// Q3_K with an importance matrix: weighted group fits, and the group
// scales' own 6-bit levels fitted to the groups' total weights.
void quantize_q3_k_weighted(const float* x, const float* importance, BlockQ3K& out)
{
    std::int8_t L[kSuperBlock];
    float scales[kGroups];
    float group_weights[kGroups];
    const float sigma2 = 2 * mean_square(x, kSuperBlock);
    for (int g = 0; g < kGroups; ++g) {
        float weights[16];
        weigh_by_importance(x + 16 * g, importance + 16 * g, sigma2, 16, weights);
        group_weights[g] = 0;
        for (float w : weights)
            group_weights[g] += w;
        scales[g] = fit_symmetric_scale(16, 4, x + 16 * g, weights, L + 16 * g);
    }
    std::int8_t biased[kGroups];
    out.d = float_to_fp16(fit_symmetric_scale(kGroups, 32, scales, group_weights, biased));
    int levels[kGroups];
    std::copy(biased, biased + kGroups, levels);
    pack_q3_k_scales(levels, out.scales);
    finish_q3_k(x, L, out);
}

} // namespace

void quantize_q2_k(const float* x, BlockQ2K* y, std::size_t n, const float* importance)
{
    constexpr float kLevels = 15.f; // of the 4-bit scale and min
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        if (importance) {
            quantize_q2_k_weighted(x, importance + b * kSuperBlock, y[b]);
            continue;
        }
        std::uint8_t L[kSuperBlock];
        float weights[16];
        float scales[kGroups];
        float mins[kGroups];
        float max_scale = 0; // the min is subtracted, so scales are never negative
        float max_min = 0;
        for (int g = 0; g < kGroups; ++g) {
            for (int i = 0; i < 16; ++i)
                weights[i] = std::fabs(x[16 * g + i]);
            scales[g] = fit_scale_and_min(16, 3, x + 16 * g, weights, L + 16 * g, mins[g], -0.5f, 0.1f, 15, true);
            max_scale = std::max(max_scale, scales[g]);
            max_min = std::max(max_min, mins[g]);
        }
        BlockQ2K& out = y[b];
        if (max_scale > 0) {
            const float iscale = kLevels / max_scale;
            for (int g = 0; g < kGroups; ++g)
                out.scales[g] = static_cast<std::uint8_t>(nearest_int(iscale * scales[g]));
            out.d = float_to_fp16(max_scale / kLevels);
        } else {
            std::memset(out.scales, 0, sizeof out.scales);
            out.d = float_to_fp16(0.f);
        }
        if (max_min > 0) {
            const float iscale = kLevels / max_min;
            for (int g = 0; g < kGroups; ++g)
                out.scales[g] = static_cast<std::uint8_t>(out.scales[g] | (nearest_int(iscale * mins[g]) << 4));
            out.dmin = float_to_fp16(max_min / kLevels);
        } else {
            out.dmin = float_to_fp16(0.f);
        }
        finish_q2_k(x, L, out);
    }
}

void quantize_q3_k(const float* x, BlockQ3K* y, std::size_t n, const float* importance)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        if (importance) {
            quantize_q3_k_weighted(x, importance + b * kSuperBlock, y[b]);
            continue;
        }
        std::int8_t L[kSuperBlock];
        float scales[kGroups];
        float max_scale = 0; // signed: the scale of largest magnitude
        float amax = 0;
        for (int g = 0; g < kGroups; ++g) {
            scales[g] = fit_symmetric_levels(4, x + 16 * g, L + 16 * g);
            const float scale = std::fabs(scales[g]);
            if (scale > amax) {
                amax = scale;
                max_scale = scales[g];
            }
        }
        BlockQ3K& out = y[b];
        int levels[kGroups] = {};
        if (max_scale) {
            const float iscale = -32.f / max_scale;
            for (int g = 0; g < kGroups; ++g)
                levels[g] = clamp_int(static_cast<std::int8_t>(nearest_int(iscale * scales[g])), -32, 31) + 32;
            out.d = float_to_fp16(1 / iscale);
        } else {
            out.d = float_to_fp16(0.f);
        }
        // With every scale zero the levels stay 0, not the bias: ggml leaves
        // the scale bytes cleared.
        pack_q3_k_scales(levels, out.scales);
        finish_q3_k(x, L, out);
    }
}

} // namespace hearth::quant
