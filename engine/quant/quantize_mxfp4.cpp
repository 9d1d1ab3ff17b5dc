#include <algorithm>
#include <cmath>
#include <cstdint>

#include "engine/quant/iq_grids.h"
#include "engine/quant/quantize_blocks.h"

// MXFP4 as ggml's reference quantizer writes it (gpt-oss ships in it): a
// power-of-two scale per 32 from the largest magnitude, each element the
// nearest of the 16 E2M1 levels.
namespace hearth::quant {

namespace {

// The level nearest to x at scale `d`, the first on ties.
int nearest_level(float x, float d)
{
    int best = 0;
    float best_error = std::fabs(kMxfp4Levels[0] * d - x);
    for (int i = 1; i < 16; ++i) {
        const float error = std::fabs(kMxfp4Levels[i] * d - x);
        if (error < best_error) {
            best = i;
            best_error = error;
        }
    }
    return best;
}

} // namespace

void quantize_mxfp4(const float* x, BlockMXFP4* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        float amax = 0.0f;
        for (std::size_t j = 0; j < kBlock32; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        // The exponent that puts the largest level, 6 = 1.5 · 2^2, at or
        // above amax; ggml converts through int, so a tiny amax wraps.
        const int exponent = amax > 0.0f ? static_cast<int>(std::floor(std::log2(amax)) - 2 + 127) : 0;
        y[b].e = static_cast<std::uint8_t>(exponent);
        const float d = e8m0_half_to_float(y[b].e);
        for (std::size_t j = 0; j < kBlock32 / 2; ++j)
            y[b].qs[j]
                = static_cast<std::uint8_t>(nearest_level(x[j], d) | (nearest_level(x[j + kBlock32 / 2], d) << 4));
    }
}

} // namespace hearth::quant
