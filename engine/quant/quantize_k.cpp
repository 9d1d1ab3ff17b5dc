#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/quant/half.h"
#include "engine/quant/nearest_int.h"
#include "engine/quant/quantize_blocks.h"
#include "engine/quant/scale_fits.h"

// The K-quant reference quantizers (ggml's quantize_row_q{4,5,6,8}_K_ref).
// Their searches compare float errors, so a single reordered addition can flip
// a choice and change the bytes: every expression here keeps ggml's operand
// order, and the files are built without FMA contraction (quant/sources.cmake).
namespace hearth::quant {

namespace {

constexpr std::size_t kSubBlocks = kSuperBlock / 32; // of Q4_K / Q5_K

// Packs Q4_K / Q5_K's 6-bit sub-block scale and min levels as
// unpack_k_scale_min() reads them.
void pack_k_levels(
    const std::uint8_t (&ls)[kSubBlocks], const std::uint8_t (&lm)[kSubBlocks], std::uint8_t (&packed)[kKScaleBytes])
{
    for (std::size_t j = 0; j < kSubBlocks; ++j) {
        if (j < 4) {
            packed[j] = ls[j];
            packed[j + 4] = lm[j];
        } else {
            packed[j + 4] = static_cast<std::uint8_t>((ls[j] & 0xF) | ((lm[j] & 0xF) << 4));
            packed[j - 4] |= static_cast<std::uint8_t>((ls[j] >> 4) << 6);
            packed[j] |= static_cast<std::uint8_t>((lm[j] >> 4) << 6);
        }
    }
}

// The 6-bit sub-block scales and mins of Q4_K and Q5_K, relative to the
// largest of each, packed as unpack_k_scale_min() reads them.
void pack_k_scales(const float (&scales)[kSubBlocks], const float (&mins)[kSubBlocks], float max_scale, float max_min,
    std::uint8_t (&packed)[kKScaleBytes])
{
    const float inv_scale = max_scale > 0 ? 63.0f / max_scale : 0.0f;
    const float inv_min = max_min > 0 ? 63.0f / max_min : 0.0f;
    std::uint8_t ls[kSubBlocks];
    std::uint8_t lm[kSubBlocks];
    for (std::size_t j = 0; j < kSubBlocks; ++j) {
        // ggml keeps the rounded value in a uint8_t before capping it at 63.
        ls[j] = std::min<std::uint8_t>(63, static_cast<std::uint8_t>(nearest_int(inv_scale * scales[j])));
        lm[j] = std::min<std::uint8_t>(63, static_cast<std::uint8_t>(nearest_int(inv_min * mins[j])));
    }
    pack_k_levels(ls, lm, packed);
}

// Quants 0..nmax of one Q4_K / Q5_K super-block `x` into L[256], and its
// d, dmin and packed scales. Sub-blocks whose 6-bit scale rounds to zero
// keep the quants of the first fit, as ggml's do.
template <typename Block>
void quantize_k_asymmetric(const float* x, Block& y, std::uint8_t (&L)[kSuperBlock], int nmax, float rmin, float rdelta,
    int nstep, const float* importance)
{
    // With an importance matrix, llama.cpp's weighting: each column's
    // importance times the spread of the super-block and the value.
    float sigma2 = 0;
    if (importance) {
        for (std::size_t i = 0; i < kSuperBlock; ++i)
            sigma2 += x[i] * x[i];
        sigma2 = 2 * sigma2 / kSuperBlock;
    }
    float scales[kSubBlocks];
    float mins[kSubBlocks];
    float weights[32];
    float sub_block_weights[kSubBlocks];
    float max_scale = 0; // scales are positive once the min is taken off
    float max_min = 0;
    for (std::size_t j = 0; j < kSubBlocks; ++j) {
        const float* xs = x + 32 * j;
        float sum_x2 = 0;
        for (int l = 0; l < 32; ++l)
            sum_x2 += xs[l] * xs[l];
        const float av_x = std::sqrt(sum_x2 / 32);
        for (int l = 0; l < 32; ++l)
            weights[l]
                = importance ? importance[32 * j + l] * std::sqrt(sigma2 + xs[l] * xs[l]) : av_x + std::fabs(xs[l]);
        scales[j] = fit_scale_and_min(32, nmax, xs, weights, L + 32 * j, mins[j], rmin, rdelta, nstep, false);
        sub_block_weights[j] = 0;
        for (int l = 0; l < 32; ++l)
            sub_block_weights[j] += weights[l];
        if (scales[j] > max_scale)
            max_scale = scales[j];
        if (mins[j] > max_min)
            max_min = mins[j];
    }
    if (importance) {
        // The 6-bit levels of the scales and mins, fitted weighing each
        // sub-block by its importance.
        std::uint8_t ls[kSubBlocks];
        std::uint8_t lm[kSubBlocks];
        const float d = fit_positive_levels(kSubBlocks, 63, scales, sub_block_weights, ls);
        const float dmin = fit_positive_levels(kSubBlocks, 63, mins, sub_block_weights, lm);
        pack_k_levels(ls, lm, y.scales);
        y.d = float_to_fp16(d);
        y.dmin = float_to_fp16(dmin);
    } else {
        pack_k_scales(scales, mins, max_scale, max_min, y.scales);
        y.d = float_to_fp16(max_scale / 63.0f);
        y.dmin = float_to_fp16(max_min / 63.0f);
    }

    for (std::size_t j = 0; j < kSubBlocks; ++j) {
        const KScaleMin sm = unpack_k_scale_min(y.scales, j);
        const float d = fp16_to_float(y.d) * sm.scale;
        if (d == 0.0f)
            continue;
        const float dm = fp16_to_float(y.dmin) * sm.min;
        for (std::size_t i = 0; i < 32; ++i)
            L[32 * j + i] = static_cast<std::uint8_t>(clamp_int(nearest_int((x[32 * j + i] + dm) / d), 0, nmax));
    }
}

} // namespace

void quantize_q4_k(const float* x, BlockQ4K* y, std::size_t n, const float* importance)
{
    std::uint8_t L[kSuperBlock];
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        if (importance) // a finer search, as llama.cpp's weighted one
            quantize_k_asymmetric(x, y[b], L, 15, -0.9f, 0.05f, 36, importance + b * kSuperBlock);
        else
            quantize_k_asymmetric(x, y[b], L, 15, -1.0f, 0.1f, 20, nullptr);
        // Each 32 bytes hold two sub-blocks: the first in the low nibbles.
        for (std::size_t pair = 0; pair < kSubBlocks / 2; ++pair) {
            for (std::size_t l = 0; l < 32; ++l)
                y[b].qs[32 * pair + l] = static_cast<std::uint8_t>(L[64 * pair + l] | (L[64 * pair + 32 + l] << 4));
        }
    }
}

void quantize_q5_k(const float* x, BlockQ5K* y, std::size_t n, const float* importance)
{
    std::uint8_t L[kSuperBlock];
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        if (importance)
            quantize_k_asymmetric(x, y[b], L, 31, -0.9f, 0.05f, 36, importance + b * kSuperBlock);
        else
            quantize_k_asymmetric(x, y[b], L, 31, -0.5f, 0.1f, 15, nullptr);
        // Low 4 bits as in Q4_K; the fifth bit of element l of sub-block s is
        // bit s of qh[l].
        std::memset(y[b].qh, 0, sizeof y[b].qh);
        for (std::size_t pair = 0; pair < kSubBlocks / 2; ++pair) {
            for (std::size_t l = 0; l < 32; ++l) {
                const int lo = L[64 * pair + l];
                const int hi = L[64 * pair + 32 + l];
                y[b].qh[l] |= static_cast<std::uint8_t>(((lo >> 4) << (2 * pair)) | ((hi >> 4) << (2 * pair + 1)));
                y[b].qs[32 * pair + l] = static_cast<std::uint8_t>((lo & 0xF) | ((hi & 0xF) << 4));
            }
        }
    }
}

void quantize_q6_k(const float* x, BlockQ6K* y, std::size_t n, const float* importance)
{
    constexpr std::size_t kGroups = kSuperBlock / 16;
    std::int8_t L[kSuperBlock]; // quants + 32, so 0..63
    float scales[kGroups];
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        BlockQ6K& block = y[b];
        float max_scale = 0;
        float max_abs_scale = 0;
        for (std::size_t g = 0; g < kGroups; ++g) {
            // llama.cpp weighs Q6_K's errors by the importance alone, not
            // by the values' spread as the other K-quants do.
            const float* weights = importance ? importance + b * kSuperBlock + 16 * g : nullptr;
            scales[g] = fit_symmetric_scale(16, 32, x + 16 * g, weights, L + 16 * g);
            const float abs_scale = std::fabs(scales[g]);
            if (abs_scale > max_abs_scale) {
                max_abs_scale = abs_scale;
                max_scale = scales[g];
            }
        }
        if (max_abs_scale < kGroupMaxEps) {
            std::memset(&block, 0, sizeof block);
            continue;
        }
        // The largest group scale maps to -128, so the signs follow its sign.
        const float iscale = -128.0f / max_scale;
        block.d = float_to_fp16(1 / iscale);
        for (std::size_t g = 0; g < kGroups; ++g)
            block.scales[g] = static_cast<std::int8_t>(std::min(127, nearest_int(iscale * scales[g])));
        for (std::size_t g = 0; g < kGroups; ++g) {
            const float d = fp16_to_float(block.d) * block.scales[g];
            if (d == 0.0f)
                continue;
            for (std::size_t i = 0; i < 16; ++i)
                L[16 * g + i] = static_cast<std::int8_t>(clamp_int(nearest_int(x[16 * g + i] / d), -32, 31) + 32);
        }
        // Per half of 128: ql's low nibbles carry elements 0-63, high nibbles
        // 64-127; qh[l] the top two bits of elements l, l+32, l+64, l+96.
        for (std::size_t half = 0; half < 2; ++half) {
            const std::int8_t* q = L + 128 * half;
            std::uint8_t* ql = block.ql + 64 * half;
            std::uint8_t* qh = block.qh + 32 * half;
            for (std::size_t l = 0; l < 32; ++l) {
                ql[l] = static_cast<std::uint8_t>((q[l] & 0xF) | ((q[l + 64] & 0xF) << 4));
                ql[l + 32] = static_cast<std::uint8_t>((q[l + 32] & 0xF) | ((q[l + 96] & 0xF) << 4));
                qh[l] = static_cast<std::uint8_t>(
                    (q[l] >> 4) | ((q[l + 32] >> 4) << 2) | ((q[l + 64] >> 4) << 4) | ((q[l + 96] >> 4) << 6));
            }
        }
    }
}

// Q8_K: one float scale per 256. The element of largest magnitude maps to
// -127, so when it is positive the quants carry the opposite sign of the
// values and d is negative; ggml keeps that convention (its IQ2 kernels rely
// on it). ggml leaves bsums unwritten for an all-zero block; here they are 0.
void quantize_q8_k(const float* x, BlockQ8K* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        BlockQ8K& block = y[b];
        float max = 0;
        float amax = 0;
        for (std::size_t j = 0; j < kSuperBlock; ++j) {
            if (std::fabs(x[j]) > amax) {
                amax = std::fabs(x[j]);
                max = x[j];
            }
        }
        if (amax == 0.0f) {
            std::memset(&block, 0, sizeof block);
            continue;
        }
        const float iscale = -127.0f / max;
        for (std::size_t j = 0; j < kSuperBlock; ++j)
            block.qs[j] = static_cast<std::int8_t>(std::min(127, nearest_int(iscale * x[j])));
        for (std::size_t g = 0; g < kSuperBlock / 16; ++g) {
            int sum = 0;
            for (std::size_t i = 0; i < 16; ++i)
                sum += block.qs[16 * g + i];
            block.bsums[g] = static_cast<std::int16_t>(sum);
        }
        block.d = 1 / iscale;
    }
}

} // namespace hearth::quant
