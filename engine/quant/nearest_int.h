#pragma once

#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>

namespace hearth::quant {

// Rounds to the nearest integer, ties to even, the way ggml's quantizers do:
// adding 1.5 * 2^23 leaves a float whose ulp is 1, so the FPU's own rounding
// does the work and the integer sits in the low mantissa bits. Only valid for
// |value| <= 2^22 - 1, which every caller guarantees by its choice of scale.
inline int nearest_int(float value)
{
    assert(std::fabs(value) <= 4194303.0f);
    const float shifted = value + 12582912.0f;
    return static_cast<int>(std::bit_cast<std::uint32_t>(shifted) & 0x7F'FFFF) - 0x40'0000;
}

} // namespace hearth::quant
