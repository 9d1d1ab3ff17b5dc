#pragma once

// Element j of a weight row in each GGUF format, dequantized in registers:
// what the matrix-vector kernels and the tile dequantization of prompt
// GEMMs share. Host and device code (a host test checks the layouts), in
// .cu files only.

#include <cstdint>

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "engine/cuda/half_bits.cuh"
#include "engine/cuda/weight_rows_iq.cuh"
#include "engine/gguf/ggml_type.h"
#include "engine/quant/block_formats.h"

namespace hearth::cuda {

using quant::BlockQ4_0;
using quant::BlockQ4K;
using quant::BlockQ5K;
using quant::BlockQ6K;
using quant::BlockQ8_0;

// Scale and min of sub-block j of a Q4_K / Q5_K super-block (the layout
// quant::unpack_k_scale_min documents).
__host__ __device__ inline void k_scale_min(const std::uint8_t* packed, int j, float& scale, float& min)
{
    if (j < 4) {
        scale = packed[j] & 63;
        min = packed[j + 4] & 63;
    } else {
        scale = (packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4);
        min = (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4);
    }
}

// Element j of a row, one type each.
struct F32Row {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        return reinterpret_cast<const float*>(row)[j];
    }
};
struct F16Row {
    __host__ __device__ static float value(std::uint16_t bits) { return half_to_float(bits); }
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        return value(reinterpret_cast<const std::uint16_t*>(row)[j]);
    }
};
struct BF16Row {
    __host__ __device__ static float value(std::uint16_t bits) { return __bfloat162float(__ushort_as_bfloat16(bits)); }
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        return value(reinterpret_cast<const std::uint16_t*>(row)[j]);
    }
};
struct Q8_0Row {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const BlockQ8_0*>(row) + j / 32;
        return half_to_float(block->d) * block->qs[j % 32];
    }
};
struct Q4_0Row {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const BlockQ4_0*>(row) + j / 32;
        return half_to_float(block->d) * (nibble_at(block->qs, j % 32) - 8);
    }
};
struct Q4KRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const BlockQ4K*>(row) + j / 256;
        const int e = j % 256;
        const int sub = e / 32;
        const int l = e % 32;
        float scale, min;
        k_scale_min(block->scales, sub, scale, min);
        const int q = (block->qs[32 * (sub / 2) + l] >> (sub % 2 ? 4 : 0)) & 0xF;
        return half_to_float(block->d) * scale * q - half_to_float(block->dmin) * min;
    }
};
struct Q5KRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const BlockQ5K*>(row) + j / 256;
        const int e = j % 256;
        const int sub = e / 32;
        const int l = e % 32;
        float scale, min;
        k_scale_min(block->scales, sub, scale, min);
        const int low = (block->qs[32 * (sub / 2) + l] >> (sub % 2 ? 4 : 0)) & 0xF;
        const int q = low | (((block->qh[l] >> sub) & 1) << 4);
        return half_to_float(block->d) * scale * q - half_to_float(block->dmin) * min;
    }
};
struct Q6KRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const BlockQ6K*>(row) + j / 256;
        const int e = j % 256;
        const int half = e / 128;
        const int quarter = (e % 128) / 32;
        const int l = e % 32;
        const std::uint8_t* ql = block->ql + 64 * half;
        // ql[l] holds quarters 0 (low nibble) and 2 (high); ql[l + 32] quarters 1 and 3.
        const std::uint8_t packed = ql[l + (quarter % 2) * 32];
        const int low4 = quarter < 2 ? packed & 0xF : packed >> 4;
        const int high2 = (block->qh[32 * half + l] >> (2 * quarter)) & 3;
        const int q = low4 | (high2 << 4);
        return half_to_float(block->d) * block->scales[e / 16] * (q - 32);
    }
};

// Q4_1 / Q5_1: q × d + m; Q5_0: (q − 16) × d, with the fifth bit from qh.
__host__ __device__ inline int fifth_bit(const std::uint8_t (&qh)[4], int i)
{
    return ((qh[i / 8] >> (i % 8)) & 1) << 4;
}
struct Q4_1Row {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockQ4_1*>(row) + j / 32;
        return nibble_at(block->qs, j % 32) * half_to_float(block->d) + half_to_float(block->m);
    }
};
struct Q5_0Row {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockQ5_0*>(row) + j / 32;
        const int i = j % 32;
        return ((nibble_at(block->qs, i) | fifth_bit(block->qh, i)) - 16) * half_to_float(block->d);
    }
};
struct Q5_1Row {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockQ5_1*>(row) + j / 32;
        const int i = j % 32;
        return (nibble_at(block->qs, i) | fifth_bit(block->qh, i)) * half_to_float(block->d) + half_to_float(block->m);
    }
};

// Q2_K and Q3_K's two low bits: element 128h + 32k + l in bits 2k, 2k + 1 of byte 32h + l.
__host__ __device__ inline int two_bits(const std::uint8_t* qs, int i)
{
    return (qs[32 * (i / 128) + i % 32] >> (2 * ((i % 128) / 32))) & 3;
}
struct Q2KRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockQ2K*>(row) + j / 256;
        const int i = j % 256;
        const std::uint8_t scale = block->scales[i / 16];
        const float dl = half_to_float(block->d) * (scale & 0xF);
        const float ml = half_to_float(block->dmin) * (scale >> 4);
        return dl * two_bits(block->qs, i) - ml;
    }
};
// Q3_K's scale of group g (0..15), less its offset of 32 (quant::q3_k_scale).
__host__ __device__ inline int q3_k_scale(const quant::BlockQ3K& block, int g)
{
    const int low = g < 8 ? block.scales[g] & 0xF : block.scales[g - 8] >> 4;
    const int high = (block.scales[8 + g % 4] >> (2 * (g / 4))) & 3;
    return (low | (high << 4)) - 32;
}
struct Q3KRow {
    __host__ __device__ static float at(const std::uint8_t* row, int j)
    {
        const auto* block = reinterpret_cast<const quant::BlockQ3K*>(row) + j / 256;
        const int i = j % 256;
        const float dl = half_to_float(block->d) * q3_k_scale(*block, i / 16);
        const bool top = block->hmask[i % 32] & (1u << (i / 32));
        return dl * (two_bits(block->qs, i) - (top ? 0 : 4));
    }
};

// Calls `f(Row {})` with the row type of `type`; false for a format without one.
template <typename F> bool with_row_type(GgmlType type, F&& f)
{
    switch (type) {
    case GgmlType::F32:
        f(F32Row {});
        return true;
    case GgmlType::F16:
        f(F16Row {});
        return true;
    case GgmlType::BF16:
        f(BF16Row {});
        return true;
    case GgmlType::Q8_0:
        f(Q8_0Row {});
        return true;
    case GgmlType::Q4_0:
        f(Q4_0Row {});
        return true;
    case GgmlType::Q4_K:
        f(Q4KRow {});
        return true;
    case GgmlType::Q5_K:
        f(Q5KRow {});
        return true;
    case GgmlType::Q6_K:
        f(Q6KRow {});
        return true;
    case GgmlType::Q4_1:
        f(Q4_1Row {});
        return true;
    case GgmlType::Q5_0:
        f(Q5_0Row {});
        return true;
    case GgmlType::Q5_1:
        f(Q5_1Row {});
        return true;
    case GgmlType::Q2_K:
        f(Q2KRow {});
        return true;
    case GgmlType::Q3_K:
        f(Q3KRow {});
        return true;
    case GgmlType::IQ4_NL:
        f(IQ4NLRow {});
        return true;
    case GgmlType::IQ4_XS:
        f(IQ4XSRow {});
        return true;
    case GgmlType::MXFP4:
        f(MXFP4Row {});
        return true;
    case GgmlType::IQ2_XXS:
        f(IQ2XXSRow {});
        return true;
    case GgmlType::IQ2_XS:
        f(IQ2XSRow {});
        return true;
    case GgmlType::IQ2_S:
        f(IQ2SRow {});
        return true;
    case GgmlType::IQ3_XXS:
        f(IQ3XXSRow {});
        return true;
    case GgmlType::IQ3_S:
        f(IQ3SRow {});
        return true;
    case GgmlType::IQ1_S:
        f(IQ1SRow {});
        return true;
    case GgmlType::IQ1_M:
        f(IQ1MRow {});
        return true;
    case GgmlType::TQ1_0:
        f(TQ1_0Row {});
        return true;
    case GgmlType::TQ2_0:
        f(TQ2_0Row {});
        return true;
    default:
        return false;
    }
}

} // namespace hearth::cuda
