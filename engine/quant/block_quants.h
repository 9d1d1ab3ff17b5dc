#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "engine/quant/block_formats.h"

// Element i's integer quant (and group scale) in the formats whose bits are
// spread over several fields: one reading of each layout, shared by the
// expansions (dequantize) and the reference dot products.
namespace hearth::quant {

// Q4_0, Q4_1, IQ4_NL, MXFP4, Q5_*'s low bits: element i < 16 in the low
// nibble of qs[i], element 16 + i in its high nibble.
inline int low_then_high_nibble(const std::uint8_t* qs, std::size_t i)
{
    return i < 16 ? qs[i] & 0xF : qs[i - 16] >> 4;
}

// Q5_0 and Q5_1: the nibble plus bit i of qh as the fifth bit.
inline int q5_quant(const std::uint8_t* qs, const std::uint8_t (&qh)[4], std::size_t i)
{
    std::uint32_t high;
    std::memcpy(&high, qh, sizeof high);
    return low_then_high_nibble(qs, i) | static_cast<int>(((high >> i) & 1) << 4);
}

// Q2_K, Q3_K and TQ2_0's two low bits: element 128h + 32k + l sits in
// bits 2k, 2k + 1 of byte 32h + l.
inline int two_bit_quant(const std::uint8_t* qs, std::size_t i)
{
    const std::size_t half = i / 128, k = (i % 128) / 32, l = i % 32;
    return (qs[32 * half + l] >> (2 * k)) & 3;
}

// Q3_K: the two low bits minus 4 where the element's hmask bit is clear.
inline int q3_k_quant(const BlockQ3K& block, std::size_t i)
{
    const std::size_t half = i / 128, k = (i % 128) / 32, l = i % 32;
    const bool high = block.hmask[l] & (1u << (4 * half + k));
    return two_bit_quant(block.qs, i) - (high ? 0 : 4);
}

// Q3_K's scale of group g (0..15), already less its offset of 32.
inline int q3_k_scale(const BlockQ3K& block, std::size_t g)
{
    const int low = g < 8 ? block.scales[g] & 0xF : block.scales[g - 8] >> 4;
    const int high = (block.scales[8 + g % 4] >> (2 * (g / 4))) & 3;
    return (low | (high << 4)) - 32;
}

// IQ4_XS's scale of sub-block j (0..7), less its offset of 32.
inline int iq4_xs_scale(const BlockIQ4XS& block, std::size_t j)
{
    const int low = (block.scales_l[j / 2] >> (4 * (j % 2))) & 0xF;
    const int high = (block.scales_h >> (2 * j)) & 3;
    return (low | (high << 4)) - 32;
}

// IQ1_M's fp16 super-block scale, from the top nibble of each scale word.
inline std::uint16_t iq1_m_scale_bits(const BlockIQ1M& block)
{
    std::uint16_t sc[4];
    std::memcpy(sc, block.scales, sizeof sc);
    return static_cast<std::uint16_t>(
        (sc[0] >> 12) | ((sc[1] >> 8) & 0x00F0) | ((sc[2] >> 4) & 0x0F00) | (sc[3] & 0xF000));
}

// IQ1_M's 3-bit scale of the 16 elements 16k .. 16k + 15 (k = 0..15).
inline int iq1_m_group_scale(const BlockIQ1M& block, std::size_t k)
{
    std::uint16_t sc[4];
    std::memcpy(sc, block.scales, sizeof sc);
    return (sc[k / 4] >> (3 * (k % 4))) & 7;
}

// TQ1_0: trit n (0..4) of a byte that holds five as a base-3 fraction of
// 256 (rounded up): multiplying by 3^n brings trit n to the top, and ×3 >> 8
// reads it.
inline int ternary_trit(std::uint8_t byte, unsigned n)
{
    static constexpr std::uint8_t kPow3[5] = { 1, 3, 9, 27, 81 };
    const auto shifted = static_cast<std::uint8_t>(byte * kPow3[n]);
    return (shifted * 3) >> 8;
}

// TQ1_0's element i as 0..2: 160 elements from qs[0..31] (trit n of byte m
// is element 32n + m), 80 from qs[32..47] (element 160 + 16n + m), and the
// last 16 from qh, four trits a byte (element 240 + 4n + m).
inline int tq1_0_trit(const BlockTQ1_0& block, std::size_t i)
{
    if (i < 160)
        return ternary_trit(block.qs[i % 32], static_cast<unsigned>(i / 32));
    if (i < 240)
        return ternary_trit(block.qs[32 + (i - 160) % 16], static_cast<unsigned>((i - 160) / 16));
    return ternary_trit(block.qh[(i - 240) % 4], static_cast<unsigned>((i - 240) / 4));
}

} // namespace hearth::quant
