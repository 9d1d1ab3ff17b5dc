#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "engine/quant/half.h"
#include "engine/quant/nearest_int.h"
#include "engine/quant/quantize_blocks.h"
#include "engine/quant/scale_fits.h"

// The 32-element formats. Bit-exactness with ggml rests on evaluating the same
// float operations in the same order; the engine is built without FMA
// contraction for these files (quant/sources.cmake) for the same reason.
namespace hearth::quant {

namespace {

// The quants' layout: element j in the low nibble of qs[j], j + 16 in the
// high one; Q5_0 and Q5_1 put each fifth bit into qh.
template <class Block, class Level> void pack_quants(const Level (&q)[kBlock32], Block& y)
{
    for (std::size_t j = 0; j < kBlock32 / 2; ++j)
        y.qs[j] = static_cast<std::uint8_t>((q[j] & 0xF) | ((q[j + kBlock32 / 2] & 0xF) << 4));
    if constexpr (requires { y.qh; }) {
        std::uint32_t high = 0;
        for (std::size_t j = 0; j < kBlock32; ++j)
            high |= static_cast<std::uint32_t>((q[j] >> 4) & 1) << j;
        std::memcpy(y.qh, &high, sizeof high);
    }
}

// With an importance matrix, llama.cpp's searches: each error weighted by
// the column's importance times the spread of the row and the value.
// Q4_0 and Q5_0: the best of 19 scales around max / -nmax.
template <class Block>
void quantize_symmetric_weighted(const float* x, Block* y, std::size_t n, const float* importance, int nmax)
{
    const float sigma2 = mean_square(x, n);
    for (std::size_t b = 0; b < n / kBlock32; ++b) {
        float weights[kBlock32];
        std::int8_t q[kBlock32];
        weigh_by_importance(x + b * kBlock32, importance + b * kBlock32, sigma2, kBlock32, weights);
        y[b].d = float_to_fp16(fit_symmetric_scale(kBlock32, nmax, x + b * kBlock32, weights, q));
        pack_quants(q, y[b]);
    }
}

// Q4_1 and Q5_1: the least-squares scale and min over 37 stretched ranges.
template <class Block>
void quantize_asymmetric_weighted(const float* x, Block* y, std::size_t n, const float* importance, int nmax)
{
    const float sigma2 = mean_square(x, n);
    for (std::size_t b = 0; b < n / kBlock32; ++b) {
        float weights[kBlock32];
        std::uint8_t q[kBlock32];
        weigh_by_importance(x + b * kBlock32, importance + b * kBlock32, sigma2, kBlock32, weights);
        float min;
        const float d = fit_scale_and_min(kBlock32, nmax, x + b * kBlock32, weights, q, min, -0.9f, 0.05f, 36, false);
        y[b].d = float_to_fp16(d);
        y[b].m = float_to_fp16(-min);
        pack_quants(q, y[b]);
    }
}

} // namespace

// Q4_0: d = (the element of largest magnitude) / -8, so that element maps to
// quant 0 and the others land in 0..15 around 8. ggml truncates x/d + 8.5
// rather than rounding x/d, which is round-half-up on the shifted value.
void quantize_q4_0(const float* x, BlockQ4_0* y, std::size_t n, const float* importance)
{
    if (importance)
        return quantize_symmetric_weighted(x, y, n, importance, 8);
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

// Q4_1 and Q5_1: d = (max - min) / top and m = min, as ggml's reference.
// Returns 1 / d, or 0 for a flat block; `min` gets m.
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
void quantize_q4_1(const float* x, BlockQ4_1* y, std::size_t n, const float* importance)
{
    if (importance)
        return quantize_asymmetric_weighted(x, y, n, importance, 15);
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        float min;
        const float id = set_scale_and_min(x, 15, y[b], min);
        // ggml rounds by adding 0.5 and truncating; its bytes are the reference.
        // NOLINTBEGIN(bugprone-incorrect-roundings)
        for (std::size_t j = 0; j < kBlock32 / 2; ++j) {
            const int q0 = std::min(15, static_cast<int>(static_cast<std::int8_t>((x[j] - min) * id + 0.5f)));
            const int q1
                = std::min(15, static_cast<int>(static_cast<std::int8_t>((x[j + kBlock32 / 2] - min) * id + 0.5f)));
            y[b].qs[j] = static_cast<std::uint8_t>(q0 | (q1 << 4));
        }
        // NOLINTEND(bugprone-incorrect-roundings)
    }
}

// Q5_0: Q4_0's rule with 16 levels each side: d = max / -16.
void quantize_q5_0(const float* x, BlockQ5_0* y, std::size_t n, const float* importance)
{
    if (importance)
        return quantize_symmetric_weighted(x, y, n, importance, 16);
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        const float d = largest_magnitude(x, kBlock32) / -16;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[b].d = float_to_fp16(d);
        int q[kBlock32];
        for (std::size_t j = 0; j < kBlock32; ++j)
            q[j] = std::min(31, static_cast<int>(static_cast<std::int8_t>(x[j] * id + 16.5f)));
        pack_quants(q, y[b]);
    }
}

void quantize_q5_1(const float* x, BlockQ5_1* y, std::size_t n, const float* importance)
{
    if (importance)
        return quantize_asymmetric_weighted(x, y, n, importance, 31);
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        float min;
        const float id = set_scale_and_min(x, 31, y[b], min);
        int q[kBlock32];
        for (std::size_t j = 0; j < kBlock32; ++j)
            q[j] = static_cast<std::uint8_t>((x[j] - min) * id + 0.5f); // NOLINT(bugprone-incorrect-roundings): as ggml
        pack_quants(q, y[b]);
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
