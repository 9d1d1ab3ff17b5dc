#pragma once

#include <cstddef>
#include <cstdint>

// ggml's block layouts, byte for byte: GGUF files store weights in these, so
// the structs must not gain padding (the static_asserts hold them to it).
namespace hearth::quant {

inline constexpr std::size_t kBlock32 = 32; // elements per Q4_0 / Q8_0 block
inline constexpr std::size_t kSuperBlock = 256; // elements per K-quant super-block
inline constexpr std::size_t kKScaleBytes = 12; // packed 6-bit scales and mins of Q4_K / Q5_K

struct BlockQ4_0 {
    std::uint16_t d; // fp16 scale
    std::uint8_t qs[kBlock32 / 2]; // element i in the low nibble of qs[i], i+16 in the high nibble
};

struct BlockQ8_0 {
    std::uint16_t d; // fp16 scale
    std::int8_t qs[kBlock32];
};

struct BlockQ4K {
    std::uint16_t d; // fp16 super-block scale of the sub-block scales
    std::uint16_t dmin; // fp16 super-block scale of the sub-block mins
    std::uint8_t scales[kKScaleBytes]; // 8 scales and 8 mins, 6 bits each
    std::uint8_t qs[kSuperBlock / 2]; // 4-bit quants
};

struct BlockQ5K {
    std::uint16_t d;
    std::uint16_t dmin;
    std::uint8_t scales[kKScaleBytes];
    std::uint8_t qh[kSuperBlock / 8]; // the fifth bit of each quant
    std::uint8_t qs[kSuperBlock / 2]; // the low 4 bits
};

struct BlockQ6K {
    std::uint8_t ql[kSuperBlock / 2]; // the low 4 bits
    std::uint8_t qh[kSuperBlock / 4]; // the high 2 bits
    std::int8_t scales[kSuperBlock / 16]; // 8-bit scales of 16-element groups
    std::uint16_t d; // fp16 super-block scale
};

// The activations' side of the K-quant dot products (never stored in files).
struct BlockQ8K {
    float d;
    std::int8_t qs[kSuperBlock];
    std::int16_t bsums[kSuperBlock / 16]; // sums of each 16 quants
};

// The scale and min of sub-block `j` (0..7) of a Q4_K or Q5_K super-block.
// Bytes 0-3 hold scales 0-3 and bytes 4-7 mins 0-3 in their low 6 bits; the
// low 4 bits of scale and min 4-7 sit in the nibbles of bytes 8-11, and their
// top 2 bits in the spare top bits of bytes 0-3 (scales) and 4-7 (mins).
struct KScaleMin {
    std::uint8_t scale;
    std::uint8_t min;
};

inline KScaleMin unpack_k_scale_min(const std::uint8_t (&packed)[kKScaleBytes], std::size_t j)
{
    if (j < 4)
        return { std::uint8_t(packed[j] & 63), std::uint8_t(packed[j + 4] & 63) };
    return { std::uint8_t((packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4)),
        std::uint8_t((packed[j + 4] >> 4) | ((packed[j] >> 6) << 4)) };
}

// Quant l (0..31) of sub-block `sub` of a Q4_K (0..15) or Q5_K (0..31)
// super-block: each 32 bytes of qs carry two sub-blocks, the first in the
// low nibbles, the second in the high ones; bit `sub` of qh[l] is Q5_K's
// fifth bit.
inline int q4_k_quant(const BlockQ4K& block, std::size_t sub, std::size_t l)
{
    return (block.qs[32 * (sub / 2) + l] >> (sub % 2 ? 4 : 0)) & 0xF;
}

inline int q5_k_quant(const BlockQ5K& block, std::size_t sub, std::size_t l)
{
    const int low = (block.qs[32 * (sub / 2) + l] >> (sub % 2 ? 4 : 0)) & 0xF;
    return low | (((block.qh[l] >> sub) & 1) << 4);
}

static_assert(sizeof(BlockQ4_0) == 18);
static_assert(sizeof(BlockQ8_0) == 34);
static_assert(sizeof(BlockQ4K) == 144);
static_assert(sizeof(BlockQ5K) == 176);
static_assert(sizeof(BlockQ6K) == 210);
static_assert(sizeof(BlockQ8K) == 292);

} // namespace hearth::quant
