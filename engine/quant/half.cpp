#include "engine/quant/half.h"

namespace hearth::quant {

namespace {

constexpr std::uint32_t kFloatAbsMask = 0x7FFF'FFFF;
constexpr std::uint32_t kFloatInf = 0x7F80'0000;
constexpr std::uint32_t kFloatQuietBit = 0x0040'0000;
constexpr std::uint16_t kHalfInf = 0x7C00;
constexpr std::uint16_t kHalfQuietBit = 0x0200;

// Drops the low `shift` bits of `value`, rounding to nearest with ties to
// even, as the FPU's default mode does.
std::uint32_t shift_right_rounded(std::uint32_t value, unsigned shift)
{
    const std::uint32_t kept = value >> shift;
    const std::uint32_t dropped = value & ((std::uint32_t { 1 } << shift) - 1);
    const std::uint32_t halfway = std::uint32_t { 1 } << (shift - 1);
    return kept + (dropped > halfway || (dropped == halfway && (kept & 1)) ? 1 : 0);
}

} // namespace

float fp16_to_float(std::uint16_t h)
{
    const std::uint32_t sign = std::uint32_t { h & 0x8000u } << 16;
    const std::uint32_t exponent = (h >> 10) & 0x1F;
    const std::uint32_t mantissa = h & 0x3FF;
    if (exponent == 0x1F) {
        // Infinity, or a NaN that keeps its payload and comes out quiet, as
        // VCVTPH2PS makes it.
        const std::uint32_t quiet = mantissa ? kFloatQuietBit : 0;
        return std::bit_cast<float>(sign | kFloatInf | quiet | (mantissa << 13));
    }
    if (exponent == 0) {
        // Zero or a subnormal half: mantissa * 2^-24 is a normal float, and
        // the product is exact.
        const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
        return std::bit_cast<float>(sign | std::bit_cast<std::uint32_t>(magnitude));
    }
    return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

std::uint16_t float_to_fp16(float f)
{
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(f);
    const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000);
    const std::uint32_t magnitude = bits & kFloatAbsMask;
    if (magnitude > kFloatInf) {
        // NaN: VCVTPS2PH keeps the top of the payload and sets the quiet bit.
        return static_cast<std::uint16_t>(sign | kHalfInf | kHalfQuietBit | ((magnitude >> 13) & 0x1FF));
    }
    const std::uint32_t exponent = magnitude >> 23; // biased by 127
    if (exponent >= 143) // 2^16 and above (and infinity) overflow
        return static_cast<std::uint16_t>(sign | kHalfInf);
    if (exponent >= 113) {
        // A normal half: rebias the exponent (127 -> 15) and round the 23-bit
        // mantissa to 10 bits; a carry out of the mantissa steps the exponent
        // up, and out of exponent 30 gives infinity, both as they should.
        const std::uint32_t rebiased = magnitude - (std::uint32_t { 112 } << 23);
        return static_cast<std::uint16_t>(sign | shift_right_rounded(rebiased, 13));
    }
    if (exponent < 102) // below 2^-25: rounds to zero (float subnormals included)
        return sign;
    // A subnormal half counts units of 2^-24; the float is m24 * 2^(exponent - 150)
    // with the implicit bit restored, so it is m24 >> (126 - exponent) units. A
    // carry into bit 10 gives the smallest normal half, correctly.
    const std::uint32_t m24 = (magnitude & 0x7F'FFFF) | 0x80'0000;
    return static_cast<std::uint16_t>(sign | shift_right_rounded(m24, 126 - exponent));
}

std::uint16_t float_to_bf16(float f)
{
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(f);
    if ((bits & kFloatAbsMask) > kFloatInf) // NaN: truncate, forcing the quiet bit (bf16 bit 6)
        return static_cast<std::uint16_t>((bits >> 16) | 0x40);
    // Round to nearest even by adding just under half an ulp, plus one when the
    // kept part is odd; overflow carries into the exponent and ends at infinity.
    return static_cast<std::uint16_t>((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
}

} // namespace hearth::quant
