#pragma once

// Element j of a row in the i-quants, IQ4, MXFP4 and the ternary formats,
// as quant/dequantize_iq.cpp expands them and in its order of
// multiplication. The grids are the CPU's points, expanded at compile time
// into device memory (one copy per .cu file that reads them). Host and
// device code, as weight_rows.cuh.

#include <cstdint>
#include <cstring>

#include "engine/cuda/half_bits.cuh"
#include "engine/quant/block_formats.h"
#include "engine/quant/iq_grid_points.h"
#include "engine/quant/iq_grids.h"

namespace hearth::cuda {

namespace iq_tables {

// A table as the GPU holds it: a plain array, indexable in constant expressions.
template <class Word, int N> struct Table {
    Word v[N];
    constexpr Word& operator[](std::size_t i) { return v[i]; }
    __host__ __device__ constexpr const Word& operator[](std::size_t i) const { return v[i]; }
};

template <class Word, int N, std::size_t Elements, std::size_t Levels>
constexpr Table<Word, N> device_grid(const std::uint16_t (&packed)[N], const std::uint8_t (&levels)[Levels])
{
    return quant::grid_points::expand<Table<Word, N>, Word, N, Elements>(packed, levels);
}

namespace points = quant::grid_points;
static __device__ const Table<std::uint64_t, 256> kIq2Xxs
    = device_grid<std::uint64_t, 256, 8>(points::kIq2XxsPacked, points::kIq2Levels);
static __device__ const Table<std::uint64_t, 512> kIq2Xs
    = device_grid<std::uint64_t, 512, 8>(points::kIq2XsPacked, points::kIq2Levels);
static __device__ const Table<std::uint64_t, 1024> kIq2S
    = device_grid<std::uint64_t, 1024, 8>(points::kIq2SPacked, points::kIq2Levels);
static __device__ const Table<std::uint32_t, 256> kIq3Xxs
    = device_grid<std::uint32_t, 256, 4>(points::kIq3XxsPacked, points::kIq3XxsLevels);
static __device__ const Table<std::uint32_t, 512> kIq3S
    = device_grid<std::uint32_t, 512, 4>(points::kIq3SPacked, points::kIq3SLevels);
static __device__ const Table<std::uint64_t, 2048> kIq1S
    = device_grid<std::uint64_t, 2048, 8>(points::kIq1SPacked, points::kIq1Levels);
static __device__ const Table<std::int8_t, 16> kIq4Nl
    = { { -127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113 } };
static __device__ const Table<std::int8_t, 16> kMxfp4 = { { 0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12 } };

} // namespace iq_tables

// The tables where the code runs: the device's copies on the GPU, the CPU's
// on the host (where the layout tests run).
#ifdef __CUDA_ARCH__
#define HEARTH_IQ_TABLE(device, host) (iq_tables::device)
#else
#define HEARTH_IQ_TABLE(device, host) (quant::host)
#endif

__host__ __device__ inline int popcount8(std::uint32_t bits)
{
#ifdef __CUDA_ARCH__
    return __popc(bits);
#else
    return __builtin_popcount(bits);
#endif
}

// The IQ2/IQ3 sign codes (quant::sign_bits): 7 bits and an even parity.
__host__ __device__ inline std::uint32_t sign_code(std::uint32_t code)
{
    const std::uint32_t seven = code & 127;
    return seven | ((popcount8(seven) & 1) << 7);
}

__host__ __device__ inline float grid_value(float scale, std::uint64_t point, int k, std::uint32_t signs)
{
    return scale * float(std::uint8_t(point >> (8 * k))) * (signs & (1u << k) ? -1.f : 1.f);
}

__host__ __device__ inline int nibble_at(const std::uint8_t* qs, int i)
{
    return i < 16 ? qs[i] & 0xF : qs[i - 16] >> 4;
}

__host__ __device__ inline std::uint32_t load_u32(const std::uint8_t* bytes)
{
    return std::uint32_t(bytes[0]) | (std::uint32_t(bytes[1]) << 8) | (std::uint32_t(bytes[2]) << 16)
        | (std::uint32_t(bytes[3]) << 24);
}

__host__ __device__ inline int iq4_nl_level(int nibble)
{
    return HEARTH_IQ_TABLE(kIq4Nl, kIq4NlLevels)[nibble];
}

// The grids' points by index, for the rows here and the chunk loaders.
__host__ __device__ inline int mxfp4_level(int nibble)
{
    return HEARTH_IQ_TABLE(kMxfp4, kMxfp4Levels)[nibble];
}
__host__ __device__ inline std::uint64_t iq2_xxs_point(int i)
{
    return HEARTH_IQ_TABLE(kIq2Xxs, kIq2XxsGrid)[i];
}
__host__ __device__ inline std::uint64_t iq2_xs_point(int i)
{
    return HEARTH_IQ_TABLE(kIq2Xs, kIq2XsGrid)[i];
}
__host__ __device__ inline std::uint64_t iq2_s_point(int i)
{
    return HEARTH_IQ_TABLE(kIq2S, kIq2SGrid)[i];
}
__host__ __device__ inline std::uint32_t iq3_xxs_point(int i)
{
    return HEARTH_IQ_TABLE(kIq3Xxs, kIq3XxsGrid)[i];
}
__host__ __device__ inline std::uint32_t iq3_s_point(int i)
{
    return HEARTH_IQ_TABLE(kIq3S, kIq3SGrid)[i];
}
__host__ __device__ inline std::uint64_t iq1_point(int i)
{
    return HEARTH_IQ_TABLE(kIq1S, kIq1SGrid)[i];
}

// MXFP4's scale: 2^(e - 127), halved for the doubled levels (quant::e8m0_half_to_float).
__host__ __device__ inline float e8m0_half(std::uint32_t e)
{
    const std::uint32_t bits = e < 2 ? 0x00200000u << e : (e - 1) << 23;
    float d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

struct IQ4NLRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ4NL*>(row) + j / 32;
        return half_to_float(block->d) * iq4_nl_level(nibble_at(block->qs, j % 32));
    }
};

// IQ4_XS's scale of sub-block `sub` (0..7), less its offset of 32 (quant::iq4_xs_scale).
__host__ __device__ inline int iq4_xs_scale(const quant::BlockIQ4XS& block, int sub)
{
    const int low = (block.scales_l[sub / 2] >> (4 * (sub % 2))) & 0xF;
    const int high = (block.scales_h >> (2 * sub)) & 3;
    return (low | (high << 4)) - 32;
}

struct IQ4XSRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ4XS*>(row) + j / 256;
        const int sub = (j % 256) / 32;
        const float dl = half_to_float(block->d) * iq4_xs_scale(*block, sub);
        return dl * iq4_nl_level(nibble_at(block->qs + 16 * sub, j % 32));
    }
};

struct MXFP4Row {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockMXFP4*>(row) + j / 32;
        return mxfp4_level(nibble_at(block->qs, j % 32)) * e8m0_half(block->e);
    }
};

struct IQ2XXSRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ2XXS*>(row) + j / 256;
        const int e = j % 256, sub = e / 32, l = (e % 32) / 8, k = e % 8;
        const std::uint32_t index_word = block->qs[4 * sub] | (std::uint32_t(block->qs[4 * sub + 1]) << 16);
        const std::uint32_t sign_word = block->qs[4 * sub + 2] | (std::uint32_t(block->qs[4 * sub + 3]) << 16);
        const float db = half_to_float(block->d) * (0.5f + (sign_word >> 28)) * 0.25f;
        const std::uint64_t point = iq2_xxs_point((index_word >> (8 * l)) & 0xFF);
        return grid_value(db, point, k, sign_code(sign_word >> (7 * l)));
    }
};

struct IQ2XSRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ2XS*>(row) + j / 256;
        const int e = j % 256, sub = e / 32, l = (e % 32) / 8, k = e % 8;
        const float db = half_to_float(block->d) * (0.5f + ((block->scales[sub] >> (4 * (l / 2))) & 0xF)) * 0.25f;
        const std::uint32_t q = block->qs[4 * sub + l];
        return grid_value(db, iq2_xs_point(q & 511), k, sign_code(q >> 9));
    }
};

struct IQ2SRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ2S*>(row) + j / 256;
        const int e = j % 256, sub = e / 32, l = (e % 32) / 8, k = e % 8;
        const float db = half_to_float(block->d) * (0.5f + ((block->scales[sub] >> (4 * (l / 2))) & 0xF)) * 0.25f;
        const int index = block->qs[4 * sub + l] | ((block->qh[sub] << (8 - 2 * l)) & 0x300);
        const std::uint32_t signs = block->qs[32 + 4 * sub + l];
        return grid_value(db, iq2_s_point(index), k, signs);
    }
};

struct IQ3XXSRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ3XXS*>(row) + j / 256;
        const int e = j % 256, sub = e / 32, l = (e % 32) / 8, k = e % 8;
        const std::uint32_t word = load_u32(block->qs + 64 + 4 * sub);
        const float db = half_to_float(block->d) * (0.5f + (word >> 28)) * 0.5f;
        const std::uint8_t index = block->qs[8 * sub + 2 * l + k / 4];
        const std::uint32_t point = iq3_xxs_point(index);
        return db * float(std::uint8_t(point >> (8 * (k % 4)))) * (sign_code(word >> (7 * l)) & (1u << k) ? -1.f : 1.f);
    }
};

struct IQ3SRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ3S*>(row) + j / 256;
        const int e = j % 256, sub = e / 32, l = (e % 32) / 8, k = e % 8;
        const int scale = (block->scales[sub / 2] >> (4 * (sub % 2))) & 0xF;
        const float db = half_to_float(block->d) * (1 + 2 * scale);
        const unsigned high = block->qh[sub];
        const int index = k < 4 ? block->qs[8 * sub + 2 * l] | ((high << (8 - 2 * l)) & 256)
                                : block->qs[8 * sub + 2 * l + 1] | ((high << (7 - 2 * l)) & 256);
        const std::uint32_t point = iq3_s_point(index);
        const std::uint32_t signs = block->signs[4 * sub + l];
        return db * float(std::uint8_t(point >> (8 * (k % 4)))) * (signs & (1u << k) ? -1.f : 1.f);
    }
};

// IQ1_S and IQ1_M: dl × (grid point ± 1/8).
__host__ __device__ inline float iq1_value(float dl, std::uint64_t point, int k, bool negative_delta)
{
    const float delta = negative_delta ? -0.125f : 0.125f;
    return dl * (float(std::int8_t(point >> (8 * k))) + delta);
}

// IQ1_M's scale of 16-value group `group`: the fp16 super-block scale, spread
// over the top nibbles of the four scale words, times its 3-bit odd factor.
__host__ __device__ inline float iq1m_group_scale(const quant::BlockIQ1M& block, int group)
{
    std::uint16_t sc[4];
    for (int w = 0; w < 4; ++w)
        sc[w] = std::uint16_t(block.scales[2 * w] | (block.scales[2 * w + 1] << 8));
    const std::uint16_t d_bits
        = std::uint16_t((sc[0] >> 12) | ((sc[1] >> 8) & 0x00F0) | ((sc[2] >> 4) & 0x0F00) | (sc[3] & 0xF000));
    return half_to_float(d_bits) * (2 * ((sc[group / 4] >> (3 * (group % 4))) & 7) + 1);
}

struct IQ1SRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ1S*>(row) + j / 256;
        const int e = j % 256, sub = e / 32, l = (e % 32) / 8, k = e % 8;
        const unsigned high = block->qh[sub];
        const float dl = half_to_float(block->d) * (2 * ((high >> 12) & 7) + 1);
        const std::uint64_t point = iq1_point(block->qs[4 * sub + l] | (((high >> (3 * l)) & 7) << 8));
        return iq1_value(dl, point, k, high & 0x8000);
    }
};

struct IQ1MRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ1M*>(row) + j / 256;
        const int e = j % 256, sub = e / 32, l = (e % 32) / 8, k = e % 8;
        const float dl = iq1m_group_scale(*block, 2 * sub + l / 2);
        const unsigned bits = block->qh[2 * sub + l / 2] >> (4 * (l % 2));
        const std::uint64_t point = iq1_point(block->qs[4 * sub + l] | ((bits & 7) << 8));
        return iq1_value(dl, point, k, bits & 8);
    }
};

struct TQ1_0Row {
    __host__ __device__ static int trit(std::uint8_t byte, int n)
    {
        const std::uint8_t pow3[5] = { 1, 3, 9, 27, 81 };
        const auto shifted = std::uint8_t(byte * pow3[n]);
        return (shifted * 3) >> 8;
    }
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockTQ1_0*>(row) + j / 256;
        const int i = j % 256;
        const int t = i < 160 ? trit(block->qs[i % 32], i / 32)
            : i < 240         ? trit(block->qs[32 + (i - 160) % 16], (i - 160) / 16)
                              : trit(block->qh[(i - 240) % 4], (i - 240) / 4);
        return float(t - 1) * half_to_float(block->d);
    }
};

struct TQ2_0Row {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockTQ2_0*>(row) + j / 256;
        const int i = j % 256;
        const int q = (block->qs[32 * (i / 128) + i % 32] >> (2 * ((i % 128) / 32))) & 3;
        return float(q - 1) * half_to_float(block->d);
    }
};

#undef HEARTH_IQ_TABLE

} // namespace hearth::cuda
