#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "quant/half.h"
#include "quant/nearest_int.h"
#include "quant/quantize_blocks.h"
#include "quant/scale_fits.h"

// The 32-element formats. Bit-exactness with ggml rests on evaluating the same
// float operations in the same order; the engine is built without FMA
// contraction for these files (quant/sources.cmake) for the same reason.
namespace hearth::quant {

// Q4_0: d = (the element of largest magnitude) / -8, so that element maps to
// quant 0 and the others land in 0..15 around 8. ggml truncates x/d + 8.5
// rather than rounding x/d, which is round-half-up on the shifted value.
namespace {

// Q4_0 with an importance matrix: scales around ggml's are tried, each
// refined by weighted least squares, and the one with the least weighted
// error kept (weights as llama.cpp's: importance × the block's spread).
void quantize_q4_0_block_weighted(const float* x, const float* importance, BlockQ4_0& y)
{
    float sigma2 = 0;
    float amax = 0;
    float max = 0;
    for (std::size_t j = 0; j < kBlock32; ++j) {
        sigma2 += x[j] * x[j];
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    }
    sigma2 = 2 * sigma2 / kBlock32;
    float w[kBlock32];
    for (std::size_t j = 0; j < kBlock32; ++j)
        w[j] = importance[j] * std::sqrt(sigma2 + x[j] * x[j]);
    int best_l[kBlock32] = {};
    float best_d = 0;
    float best_error = -1;
    if (amax > 0) {
        for (int step = -9; step <= 9; ++step) {
            const float id = -(8.0f + 0.1f * step) / max;
            int l[kBlock32];
            float sum_wxl = 0;
            float sum_wll = 0;
            for (std::size_t j = 0; j < kBlock32; ++j) {
                l[j] = std::clamp(static_cast<int>(std::lround(x[j] * id)), -8, 7);
                sum_wxl += w[j] * x[j] * l[j];
                sum_wll += w[j] * l[j] * l[j];
            }
            if (sum_wll <= 0)
                continue;
            const float d = fp16_to_float(float_to_fp16(sum_wxl / sum_wll));
            float error = 0;
            for (std::size_t j = 0; j < kBlock32; ++j) {
                const float diff = x[j] - d * l[j];
                error += w[j] * diff * diff;
            }
            if (best_error < 0 || error < best_error) {
                best_error = error;
                best_d = d;
                std::copy(l, l + kBlock32, best_l);
            }
        }
    }
    y.d = float_to_fp16(best_d);
    for (std::size_t j = 0; j < kBlock32 / 2; ++j)
        y.qs[j] = static_cast<std::uint8_t>((best_l[j] + 8) | ((best_l[j + kBlock32 / 2] + 8) << 4));
}

} // namespace

void quantize_q4_0(const float* x, BlockQ4_0* y, std::size_t n, const float* importance)
{
    if (importance) {
        for (std::size_t b = 0; b < n / kBlock32; ++b)
            quantize_q4_0_block_weighted(x + b * kBlock32, importance + b * kBlock32, y[b]);
        return;
    }
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        const float d = largest_magnitude(x, kBlock32) / -8;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[b].d = float_to_fp16(d);
        for (std::size_t j = 0; j < kBlock32 / 2; ++j) {
            const int q0 = std::min(15, static_cast<int>(x[j] * id + 8.5f));
            const int q1 = std::min(15, static_cast<int>(x[j + kBlock32 / 2] * id + 8.5f));
            y[b].qs[j] = static_cast<std::uint8_t>(q0 | (q1 << 4));
        }
    }
}

namespace {

// Q4_1 and Q5_1: d = (max - min) / top and m = min, as ggml's reference
// (its weighted search with an importance matrix is not implemented: see
// quantize.h). Returns 1 / d, or 0 for a flat block; `min` gets m.
template <class Block> float set_scale_and_min(const float* x, int top, Block& y, float& min)
{
    const auto [lo, hi] = std::minmax_element(x, x + kBlock32);
    min = *lo;
    const float d = (*hi - min) / static_cast<float>(top);
    y.d = float_to_fp16(d);
    y.m = float_to_fp16(min);
    return d != 0.0f ? 1.0f / d : 0.0f;
}

} // namespace

// Quants truncated from (x - min) / d + 0.5.
void quantize_q4_1(const float* x, BlockQ4_1* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        float min;
        const float id = set_scale_and_min(x, 15, y[b], min);
        for (std::size_t j = 0; j < kBlock32 / 2; ++j) {
            const int q0 = std::min(15, static_cast<int>(static_cast<std::int8_t>((x[j] - min) * id + 0.5f)));
            const int q1
                = std::min(15, static_cast<int>(static_cast<std::int8_t>((x[j + kBlock32 / 2] - min) * id + 0.5f)));
            y[b].qs[j] = static_cast<std::uint8_t>(q0 | (q1 << 4));
        }
    }
}

namespace {

// Q5_0 / Q5_1's layout: low nibbles as Q4_0's, fifth bits into qh.
template <class Block> void pack_five_bit(const int (&q)[kBlock32], Block& y)
{
    std::uint32_t high = 0;
    for (std::size_t j = 0; j < kBlock32 / 2; ++j) {
        y.qs[j] = static_cast<std::uint8_t>((q[j] & 0xF) | ((q[j + kBlock32 / 2] & 0xF) << 4));
        high |= static_cast<std::uint32_t>((q[j] >> 4) & 1) << j;
        high |= static_cast<std::uint32_t>((q[j + kBlock32 / 2] >> 4) & 1) << (j + kBlock32 / 2);
    }
    std::memcpy(y.qh, &high, sizeof high);
}

} // namespace

// Q5_0: Q4_0's rule with 16 levels each side: d = max / -16.
void quantize_q5_0(const float* x, BlockQ5_0* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        const float d = largest_magnitude(x, kBlock32) / -16;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[b].d = float_to_fp16(d);
        int q[kBlock32];
        for (std::size_t j = 0; j < kBlock32; ++j)
            q[j] = std::min(31, static_cast<int>(static_cast<std::int8_t>(x[j] * id + 16.5f)));
        pack_five_bit(q, y[b]);
    }
}

void quantize_q5_1(const float* x, BlockQ5_1* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        float min;
        const float id = set_scale_and_min(x, 31, y[b], min);
        int q[kBlock32];
        for (std::size_t j = 0; j < kBlock32; ++j)
            q[j] = static_cast<std::uint8_t>((x[j] - min) * id + 0.5f);
        pack_five_bit(q, y[b]);
    }
}

// Q8_0 for weight files: d = amax / 127 and q = round(x * (1 / d)), halves
// away from zero (C's roundf).
void quantize_q8_0(const float* x, BlockQ8_0* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        float amax = 0.0f;
        for (std::size_t j = 0; j < kBlock32; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[b].d = float_to_fp16(d);
        for (std::size_t j = 0; j < kBlock32; ++j)
            y[b].qs[j] = static_cast<std::int8_t>(std::round(x[j] * id));
    }
}

// Q8_0 for activations, as ggml-cpu's AVX/AVX2 path makes it: the multiplier
// is 127 / amax (not 1 / (amax / 127)), and rounding is to nearest even
// (VROUNDPS), so a few quants differ by one from quantize_q8_0.
void quantize_q8_0_activations(const float* x, BlockQ8_0* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        float amax = 0.0f;
        for (std::size_t j = 0; j < kBlock32; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        y[b].d = float_to_fp16(amax / 127.0f);
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        for (std::size_t j = 0; j < kBlock32; ++j)
            y[b].qs[j] = static_cast<std::int8_t>(nearest_int(x[j] * id));
    }
}

// Q8_1 for activations, as ggml-cpu's AVX/AVX2 quantize_row_q8_1: Q8_0's
// activation rounding, plus s = d · (sum of the quants) with d before its
// rounding to half precision.
void quantize_q8_1_activations(const float* x, BlockQ8_1* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        float amax = 0.0f;
        for (std::size_t j = 0; j < kBlock32; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        y[b].d = float_to_fp16(d);
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        int sum = 0;
        for (std::size_t j = 0; j < kBlock32; ++j) {
            y[b].qs[j] = static_cast<std::int8_t>(nearest_int(x[j] * id));
            sum += y[b].qs[j];
        }
        y[b].s = float_to_fp16(d * static_cast<float>(sum));
    }
}

} // namespace hearth::quant
