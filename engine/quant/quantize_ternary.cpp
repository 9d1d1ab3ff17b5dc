#include <algorithm>
#include <cmath>
#include <cstdint>

#include "engine/quant/half.h"
#include "engine/quant/quantize_blocks.h"

// TQ1_0 and TQ2_0 as ggml's reference quantizers write them: every element
// rounded to -1, 0 or +1 of the super-block's largest magnitude.
namespace hearth::quant {

namespace {

// The super-block's scale (its largest magnitude) and its inverse, 0 for a
// block of zeros.
float ternary_scale(const float* x, std::uint16_t& d)
{
    float amax = 0.0f;
    for (std::size_t j = 0; j < kSuperBlock; ++j)
        amax = std::max(amax, std::fabs(x[j]));
    d = float_to_fp16(amax);
    return amax != 0.0f ? 1.0f / amax : 0.0f;
}

// -1, 0, +1 as 0, 1, 2 (C's lroundf: halves away from zero).
int trit(float value, float inverse)
{
    return static_cast<int>(std::lround(value * inverse)) + 1;
}

// `count` trits, the first most significant, as a base-3 fraction of 256
// rounded up, so that multiplying the byte by 3 brings each trit to the top
// in turn (TQ1_0's decoder). `stride` apart in x.
std::uint8_t pack_trits(const float* x, std::size_t stride, int count, float inverse)
{
    std::uint8_t q = 0;
    for (int n = 0; n < count; ++n)
        q = static_cast<std::uint8_t>(q * 3 + trit(x[n * stride], inverse));
    for (int n = count; n < 5; ++n)
        q = static_cast<std::uint8_t>(q * 3);
    return static_cast<std::uint8_t>((std::uint16_t(q) * 256 + 242) / 243);
}

} // namespace

// Five trits a byte: 32 bytes over elements 0..159 (byte m holds m, m + 32,
// …), 16 bytes over 160..239, then four a byte in qh over the last 16.
void quantize_tq1_0(const float* x, BlockTQ1_0* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        const float inverse = ternary_scale(x, y[b].d);
        const float* v = x;
        for (std::size_t m = 0; m < 32; ++m)
            y[b].qs[m] = pack_trits(v + m, 32, 5, inverse);
        v += 5 * 32;
        for (std::size_t m = 0; m < 16; ++m)
            y[b].qs[32 + m] = pack_trits(v + m, 16, 5, inverse);
        v += 5 * 16;
        for (std::size_t m = 0; m < 4; ++m)
            y[b].qh[m] = pack_trits(v + m, 4, 4, inverse);
    }
}

// Four 2-bit trits a byte, Q2_K's planes: byte m of each 32 holds elements
// m, m + 32, m + 64 and m + 96 of its 128.
void quantize_tq2_0(const float* x, BlockTQ2_0* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        const float inverse = ternary_scale(x, y[b].d);
        for (std::size_t half = 0; half < 2; ++half) {
            const float* v = x + 128 * half;
            for (std::size_t m = 0; m < 32; ++m) {
                int q = 0;
                for (int k = 0; k < 4; ++k)
                    q |= (trit(v[m + 32 * k], inverse) & 3) << (2 * k);
                y[b].qs[32 * half + m] = static_cast<std::uint8_t>(q);
            }
        }
    }
}

} // namespace hearth::quant
