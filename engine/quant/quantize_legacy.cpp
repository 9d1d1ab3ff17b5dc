#include <algorithm>
#include <cmath>

#include "quant/half.h"
#include "quant/nearest_int.h"
#include "quant/quantize_blocks.h"

// The 32-element formats. Bit-exactness with ggml rests on evaluating the same
// float operations in the same order; the engine is built without FMA
// contraction for these files (quant/sources.cmake) for the same reason.
namespace hearth::quant {

// Q4_0: d = (the element of largest magnitude) / -8, so that element maps to
// quant 0 and the others land in 0..15 around 8. ggml truncates x/d + 8.5
// rather than rounding x/d, which is round-half-up on the shifted value.
void quantize_q4_0(const float* x, BlockQ4_0* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        float amax = 0.0f;
        float max = 0.0f; // the signed value with the largest magnitude, first one on ties
        for (std::size_t j = 0; j < kBlock32; ++j) {
            if (amax < std::fabs(x[j])) {
                amax = std::fabs(x[j]);
                max = x[j];
            }
        }
        const float d = max / -8;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[b].d = float_to_fp16(d);
        for (std::size_t j = 0; j < kBlock32 / 2; ++j) {
            const int q0 = std::min(15, static_cast<int>(x[j] * id + 8.5f));
            const int q1 = std::min(15, static_cast<int>(x[j + kBlock32 / 2] * id + 8.5f));
            y[b].qs[j] = static_cast<std::uint8_t>(q0 | (q1 << 4));
        }
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

} // namespace hearth::quant
