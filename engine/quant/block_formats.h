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

// element = d * quant + m, quant 0..15 as in Q4_0's nibbles.
struct BlockQ4_1 {
    std::uint16_t d; // fp16 scale
    std::uint16_t m; // fp16 minimum
    std::uint8_t qs[kBlock32 / 2];
};

// element = d * (quant - 16): Q4_0's nibbles plus a fifth bit, bit i of qh
// (as a little-endian 32-bit word) for element i.
struct BlockQ5_0 {
    std::uint16_t d;
    std::uint8_t qh[4];
    std::uint8_t qs[kBlock32 / 2];
};

// element = d * quant + m, quant 0..31, bits as in Q5_0.
struct BlockQ5_1 {
    std::uint16_t d;
    std::uint16_t m;
    std::uint8_t qh[4];
    std::uint8_t qs[kBlock32 / 2];
};

// The activations' side of Q4_1 and Q5_1 (never stored in files): Q8_0 plus
// s = d * (sum of the quants), which the weights' m multiplies.
struct BlockQ8_1 {
    std::uint16_t d;
    std::uint16_t s;
    std::int8_t qs[kBlock32];
};

// IQ4_NL: 4-bit indices into a fixed non-linear table of 16 int8 levels
// (kIq4NlLevels), nibbles laid out as Q4_0's; element = d * level.
struct BlockIQ4NL {
    std::uint16_t d;
    std::uint8_t qs[kBlock32 / 2];
};

// MXFP4 (OCP microscaling): 4-bit E2M1 values, nibbles as Q4_0's, sharing a
// power-of-two scale stored as an 8-bit exponent (E8M0).
struct BlockMXFP4 {
    std::uint8_t e;
    std::uint8_t qs[kBlock32 / 2];
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

// Q2_K: 16 groups of 16, element = d * scale_g * quant - dmin * min_g, quant
// 0..3; scales[g] holds scale_g in its low nibble and min_g in its high one.
// Each 32 bytes of qs carry 128 elements: bits 2k..2k+1 of byte l are
// element 32k + l of that half.
struct BlockQ2K {
    std::uint8_t scales[kSuperBlock / 16];
    std::uint8_t qs[kSuperBlock / 4];
    std::uint16_t d;
    std::uint16_t dmin;
};

// Q3_K: 16 groups of 16, element = d * (scale_g - 32) * (quant - 4), quant
// 0..7: two low bits laid out as Q2_K's, the third is bit k of hmask[l]
// for element 32k + l (k = 0..7) — set means "no 4 subtracted".
// The 16 six-bit scales: low nibbles in bytes 0..7 (groups 0..7 low, 8..15
// high), top two bits in bytes 8..11 (2 bits per group, 4 groups a byte).
struct BlockQ3K {
    std::uint8_t hmask[kSuperBlock / 8];
    std::uint8_t qs[kSuperBlock / 4];
    std::uint8_t scales[12];
    std::uint16_t d;
};

// IQ4_XS: IQ4_NL's levels in 8 sub-blocks of 32 with 6-bit scales (minus
// 32): low 4 bits in scales_l's nibbles, top 2 bits in scales_h.
struct BlockIQ4XS {
    std::uint16_t d;
    std::uint16_t scales_h;
    std::uint8_t scales_l[kSuperBlock / 64];
    std::uint8_t qs[kSuperBlock / 2];
};

// The "i-quants": each 8 (or 4) elements are one point of a fixed lattice
// grid (quant/iq_grids.h), chosen by index, with signs stored apart.
// IQ2_XXS: per 32 elements two 32-bit words: the first holds four 8-bit grid
// indices, the second four 7-bit sign codes and a 4-bit scale at the top.
struct BlockIQ2XXS {
    std::uint16_t d;
    std::uint16_t qs[kSuperBlock / 8];
};

// IQ2_XS: a 9-bit grid index and 7-bit sign code per 8 elements; a 4-bit
// scale per 16.
struct BlockIQ2XS {
    std::uint16_t d;
    std::uint16_t qs[kSuperBlock / 8];
    std::uint8_t scales[kSuperBlock / 32];
};

// IQ2_S: 10-bit grid indices (low 8 in qs, top 2 in qh), then 8 explicit
// sign bits per 8 elements, and a 4-bit scale per 16.
struct BlockIQ2S {
    std::uint16_t d;
    std::uint8_t qs[kSuperBlock / 4]; // 32 index bytes, then 32 sign bytes
    std::uint8_t qh[kSuperBlock / 32];
    std::uint8_t scales[kSuperBlock / 32];
};

// IQ3_XXS: an 8-bit index per 4 elements (64 bytes), then per 32 elements a
// 32-bit word of four 7-bit sign codes and a 4-bit scale.
struct BlockIQ3XXS {
    std::uint16_t d;
    std::uint8_t qs[3 * kSuperBlock / 8];
};

// IQ3_S: 9-bit indices per 4 elements (top bits in qh), explicit signs,
// and a 4-bit scale per 32.
struct BlockIQ3S {
    std::uint16_t d;
    std::uint8_t qs[kSuperBlock / 4];
    std::uint8_t qh[kSuperBlock / 32];
    std::uint8_t signs[kSuperBlock / 8];
    std::uint8_t scales[kSuperBlock / 64];
};

// IQ1_S: 11-bit indices into a grid of -1/0/+1 points; per 32 elements a
// 16-bit word with the three top index bits of each 8, a 3-bit scale and
// the sign of a shared offset (±1/8).
struct BlockIQ1S {
    std::uint16_t d;
    std::uint8_t qs[kSuperBlock / 8];
    std::uint16_t qh[kSuperBlock / 32];
};

// IQ1_M: IQ1_S's grid with a 3-bit scale per 16 elements and an offset
// sign per 8; the fp16 super-block scale is spread over the top nibbles of
// the four 16-bit scale words.
struct BlockIQ1M {
    std::uint8_t qs[kSuperBlock / 8];
    std::uint8_t qh[kSuperBlock / 16];
    std::uint8_t scales[kSuperBlock / 32];
};

// TQ1_0: ternary, element = d * (trit - 1), five trits a byte as a base-3
// fraction of 256 (240 elements in qs, the last 16 four a byte in qh).
struct BlockTQ1_0 {
    std::uint8_t qs[(kSuperBlock - 4 * kSuperBlock / 64) / 5];
    std::uint8_t qh[kSuperBlock / 64];
    std::uint16_t d;
};

// TQ2_0: ternary in 2 bits, element = d * (quant - 1), laid out as Q2_K's.
struct BlockTQ2_0 {
    std::uint8_t qs[kSuperBlock / 4];
    std::uint16_t d;
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
static_assert(sizeof(BlockQ4_1) == 20);
static_assert(sizeof(BlockQ5_0) == 22);
static_assert(sizeof(BlockQ5_1) == 24);
static_assert(sizeof(BlockQ8_1) == 36);
static_assert(sizeof(BlockIQ4NL) == 18);
static_assert(sizeof(BlockMXFP4) == 17);
static_assert(sizeof(BlockQ2K) == 84);
static_assert(sizeof(BlockQ3K) == 110);
static_assert(sizeof(BlockIQ4XS) == 136);
static_assert(sizeof(BlockIQ2XXS) == 66);
static_assert(sizeof(BlockIQ2XS) == 74);
static_assert(sizeof(BlockIQ2S) == 82);
static_assert(sizeof(BlockIQ3XXS) == 98);
static_assert(sizeof(BlockIQ3S) == 110);
static_assert(sizeof(BlockIQ1S) == 50);
static_assert(sizeof(BlockIQ1M) == 56);
static_assert(sizeof(BlockTQ1_0) == 54);
static_assert(sizeof(BlockTQ2_0) == 66);

} // namespace hearth::quant
