#pragma once

#include <array>
#include <cstdint>
#include <cstring>

// The fixed tables the i-quants, IQ4 and MXFP4 index into. They are part of
// the file formats (llama.cpp's quantizer chose the grid points; nothing
// derives them), so they must be these exact points in this exact order.
// C++17, for the CUDA files that read them too.
namespace hearth::quant {

// IQ2_XXS / IQ2_XS / IQ2_S: points of {8, 25, 43}^8, element j in byte j.
extern const std::array<std::uint64_t, 256> kIq2XxsGrid;
extern const std::array<std::uint64_t, 512> kIq2XsGrid;
extern const std::array<std::uint64_t, 1024> kIq2SGrid;
// IQ3_XXS: points of {4, 12, 20, 28, 36, 44, 52, 62}^4; IQ3_S: of {1, 3, …, 15}^4.
extern const std::array<std::uint32_t, 256> kIq3XxsGrid;
extern const std::array<std::uint32_t, 512> kIq3SGrid;
// IQ1_S / IQ1_M: points of {-1, 0, +1}^8 as int8 bytes.
extern const std::array<std::uint64_t, 2048> kIq1SGrid;

// IQ4_NL and IQ4_XS: 16 levels, denser near zero where weights cluster.
inline constexpr std::array<std::int8_t, 16> kIq4NlLevels
    = { -127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113 };
// MXFP4: the E2M1 values doubled (so they are integers), sign in bit 3.
inline constexpr std::array<std::int8_t, 16> kMxfp4Levels = { 0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12 };

// IQ1_S / IQ1_M's shared offset, ±1/8 of a step.
inline constexpr float kIq1Delta = 0.125f;

// The IQ2/IQ3 sign codes: 7 stored bits give the signs of elements 0..6, and
// element 7's sign makes the count of negatives even. Bit j set: negative.
inline constexpr std::uint8_t sign_bits(std::uint32_t code)
{
    const auto seven = static_cast<std::uint8_t>(code & 127);
    return static_cast<std::uint8_t>(seven | ((__builtin_popcount(seven) & 1) << 7));
}

// The MXFP4 scale: 2^(e - 127), halved to undo the doubled levels, built
// from its bits (e < 2 gives subnormal floats).
inline float e8m0_half_to_float(std::uint8_t e)
{
    const std::uint32_t bits = e < 2 ? 0x00200000u << e : std::uint32_t(e - 1) << 23;
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

} // namespace hearth::quant
