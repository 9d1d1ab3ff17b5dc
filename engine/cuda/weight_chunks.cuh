#pragma once

// The matrix-vector kernels' view of a weight row: chunks of 256 values, of
// which each of a warp's 32 lanes dequantizes 8 — two runs of 4 consecutive
// columns, so it reads x as two float4 — from loads that follow the format's
// layout (128 coalesced bytes of quants a warp in the K formats). Values are
// computed as the Row accessors compute them. Host and device code, as the
// rows; the i-quants, IQ4_XS, MXFP4 and the ternary formats are in
// weight_chunks_iq.cuh.

#include <cstdint>
#include <type_traits>

#include "engine/cuda/weight_chunk_lane.cuh"
#include "engine/cuda/weight_chunks_iq.cuh"
#include "engine/cuda/weight_rows.cuh"

namespace hearth::cuda {

// Each chunk type names the alignment its loads need of a row (kAlignment).
struct F32Chunk {
    using Row = F32Row;
    static constexpr int kAlignment = 16;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        LaneValues v;
        v.first = chunk * kChunkValues + lane * 8;
        v.second = v.first + 4;
        const auto* values = reinterpret_cast<const float4*>(row) + v.first / 4;
        const float4 a = values[0], b = values[1];
        v.w[0] = a.x, v.w[1] = a.y, v.w[2] = a.z, v.w[3] = a.w;
        v.w[4] = b.x, v.w[5] = b.y, v.w[6] = b.z, v.w[7] = b.w;
        return v;
    }
};

// F16 and BF16: 16 bytes a lane, one load.
template <typename Row16> struct Half16Chunk {
    using Row = Row16;
    static constexpr int kAlignment = 16;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        LaneValues v;
        v.first = chunk * kChunkValues + lane * 8;
        v.second = v.first + 4;
        const uint4 bits = *(reinterpret_cast<const uint4*>(row) + v.first / 8);
        const std::uint32_t words[4] = { bits.x, bits.y, bits.z, bits.w };
        for (int i = 0; i < 4; ++i) {
            v.w[2 * i] = Row16::value(std::uint16_t(words[i] & 0xFFFF));
            v.w[2 * i + 1] = Row16::value(std::uint16_t(words[i] >> 16));
        }
        return v;
    }
};
using F16Chunk = Half16Chunk<F16Row>;
using BF16Chunk = Half16Chunk<BF16Row>;

// Q8_0: 8 blocks of 32 a chunk, four lanes a block, 8 quants a lane.
struct Q8_0Chunk {
    using Row = Q8_0Row;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const BlockQ8_0*>(row) + chunk * 8 + lane / 4;
        const int part = lane % 4;
        LaneValues v;
        v.first = chunk * kChunkValues + (lane / 4) * 32 + part * 8;
        v.second = v.first + 4;
        const float d = half_to_float(block->d);
        const auto* qs = reinterpret_cast<const std::uint8_t*>(block->qs) + part * 8;
        const std::uint32_t lo = load_u32_from_u16(qs), hi = load_u32_from_u16(qs + 4);
        for (int i = 0; i < 4; ++i) {
            v.w[i] = d * float(std::int8_t(lo >> (8 * i)));
            v.w[4 + i] = d * float(std::int8_t(hi >> (8 * i)));
        }
        return v;
    }
};

// Q4_0: 8 blocks of 32 a chunk, four lanes a block; a lane's 4 bytes hold
// quants 4p..4p+3 (low nibbles) and 16+4p..16+4p+3 (high).
struct Q4_0Chunk {
    using Row = Q4_0Row;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const BlockQ4_0*>(row) + chunk * 8 + lane / 4;
        const int part = lane % 4;
        LaneValues v;
        v.first = chunk * kChunkValues + (lane / 4) * 32 + part * 4;
        v.second = v.first + 16;
        const float d = half_to_float(block->d);
        const std::uint32_t q = load_u32_from_u16(block->qs + part * 4);
        for (int i = 0; i < 4; ++i) {
            v.w[i] = d * float(int((q >> (8 * i)) & 0xF) - 8);
            v.w[4 + i] = d * float(int((q >> (8 * i + 4)) & 0xF) - 8);
        }
        return v;
    }
};

// Q4_1, Q5_0, Q5_1 and IQ4_NL: Q4_0's reading (8 blocks a chunk, four lanes
// a block, a lane's 4 bytes of nibbles), each value as its Row computes it.
// Their blocks are 18 to 24 bytes, so 2-byte loads only.
template <class Block> struct NibbleLane {
    const Block* block;
    int part;
    std::uint32_t q;
    __host__ __device__ NibbleLane(const std::uint8_t* row, int chunk, int lane, LaneValues& v)
        : block(reinterpret_cast<const Block*>(row) + chunk * 8 + lane / 4)
        , part(lane % 4)
    {
        v.first = chunk * kChunkValues + (lane / 4) * 32 + part * 4;
        v.second = v.first + 16;
        q = load_u32_from_u16(block->qs + part * 4);
    }
    __host__ __device__ int low(int i) const { return int((q >> (8 * i)) & 0xF); }
    __host__ __device__ int high(int i) const { return int((q >> (8 * i + 4)) & 0xF); }
    // The fifth bits of elements part * 4 + i and 16 + part * 4 + i.
    __host__ __device__ int fifth_low(std::uint32_t qh, int i) const { return int((qh >> (part * 4 + i)) & 1) << 4; }
    __host__ __device__ int fifth_high(std::uint32_t qh, int i) const
    {
        return int((qh >> (16 + part * 4 + i)) & 1) << 4;
    }
};

struct Q4_1Chunk {
    using Row = Q4_1Row;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        LaneValues v;
        const NibbleLane<quant::BlockQ4_1> n(row, chunk, lane, v);
        const float d = half_to_float(n.block->d), m = half_to_float(n.block->m);
        for (int i = 0; i < 4; ++i) {
            v.w[i] = n.low(i) * d + m;
            v.w[4 + i] = n.high(i) * d + m;
        }
        return v;
    }
};

struct Q5_0Chunk {
    using Row = Q5_0Row;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        LaneValues v;
        const NibbleLane<quant::BlockQ5_0> n(row, chunk, lane, v);
        const float d = half_to_float(n.block->d);
        const std::uint32_t qh = load_u32_from_u16(n.block->qh);
        for (int i = 0; i < 4; ++i) {
            v.w[i] = ((n.low(i) | n.fifth_low(qh, i)) - 16) * d;
            v.w[4 + i] = ((n.high(i) | n.fifth_high(qh, i)) - 16) * d;
        }
        return v;
    }
};

struct Q5_1Chunk {
    using Row = Q5_1Row;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        LaneValues v;
        const NibbleLane<quant::BlockQ5_1> n(row, chunk, lane, v);
        const float d = half_to_float(n.block->d), m = half_to_float(n.block->m);
        const std::uint32_t qh = load_u32_from_u16(n.block->qh);
        for (int i = 0; i < 4; ++i) {
            v.w[i] = (n.low(i) | n.fifth_low(qh, i)) * d + m;
            v.w[4 + i] = (n.high(i) | n.fifth_high(qh, i)) * d + m;
        }
        return v;
    }
};

struct IQ4NLChunk {
    using Row = IQ4NLRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        LaneValues v;
        const NibbleLane<quant::BlockIQ4NL> n(row, chunk, lane, v);
        const float d = half_to_float(n.block->d);
        for (int i = 0; i < 4; ++i) {
            v.w[i] = d * iq4_nl_level(n.low(i));
            v.w[4 + i] = d * iq4_nl_level(n.high(i));
        }
        return v;
    }
};

// Q4_K and Q5_K: a super-block a chunk. Lane L reads qs bytes 4L..4L+3 of
// the 32-byte group j = L / 8: their low nibbles are values b..b+3 (b =
// 4 (L % 8)) of sub-block 2j, their high nibbles those of sub-block 2j + 1.
template <bool FifthBit> struct KChunk {
    using Row = std::conditional_t<FifthBit, Q5KRow, Q4KRow>;
    using Block = std::conditional_t<FifthBit, BlockQ5K, BlockQ4K>;
    static constexpr int kAlignment = 4;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const Block*>(row) + chunk;
        const int j = lane / 8;
        const int b = 4 * (lane % 8);
        LaneValues v;
        v.first = chunk * kChunkValues + 64 * j + b;
        v.second = v.first + 32;
        float scale_low, min_low, scale_high, min_high;
        k_scale_min(block->scales, 2 * j, scale_low, min_low);
        k_scale_min(block->scales, 2 * j + 1, scale_high, min_high);
        const float d = half_to_float(block->d);
        const float dmin = half_to_float(block->dmin);
        const std::uint32_t q = *reinterpret_cast<const std::uint32_t*>(block->qs + 32 * j + b);
        std::uint32_t high_bits = 0;
        if constexpr (FifthBit)
            high_bits = *reinterpret_cast<const std::uint32_t*>(block->qh + b);
        for (int i = 0; i < 4; ++i) {
            int low = int((q >> (8 * i)) & 0xF);
            int high = int((q >> (8 * i + 4)) & 0xF);
            if constexpr (FifthBit) {
                const std::uint32_t bits = high_bits >> (8 * i);
                low |= int((bits >> (2 * j)) & 1) << 4;
                high |= int((bits >> (2 * j + 1)) & 1) << 4;
            }
            v.w[i] = d * scale_low * low - dmin * min_low;
            v.w[4 + i] = d * scale_high * high - dmin * min_high;
        }
        return v;
    }
};
using Q4KChunk = KChunk<false>;
using Q5KChunk = KChunk<true>;

// Q6_K: a super-block a chunk. Lane L reads ql bytes 4L..4L+3: half h =
// L / 16 of the block, quarter q = (L % 16) / 8, position l = 4 (L % 8);
// low nibbles are values 128h + 32q + l.., high nibbles the same + 64
// (quarter q + 2); qh[32h + l..] carries their top two bits.
struct Q6KChunk {
    using Row = Q6KRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const BlockQ6K*>(row) + chunk;
        const int h = lane / 16;
        const int quarter = (lane % 16) / 8;
        const int l = 4 * (lane % 8);
        LaneValues v;
        v.first = chunk * kChunkValues + 128 * h + 32 * quarter + l;
        v.second = v.first + 64;
        const float d = half_to_float(block->d);
        const std::uint32_t ql = load_u32_from_u16(block->ql + 64 * h + 32 * quarter + l);
        const std::uint32_t qh = load_u32_from_u16(block->qh + 32 * h + l);
        const float scale_low = d * block->scales[(v.first % kChunkValues) / 16];
        const float scale_high = d * block->scales[(v.second % kChunkValues) / 16];
        for (int i = 0; i < 4; ++i) {
            const std::uint32_t top = qh >> (8 * i);
            const int low = int((ql >> (8 * i)) & 0xF) | int(((top >> (2 * quarter)) & 3) << 4);
            const int high = int((ql >> (8 * i + 4)) & 0xF) | int(((top >> (2 * (quarter + 2))) & 3) << 4);
            v.w[i] = scale_low * float(low - 32);
            v.w[4 + i] = scale_high * float(high - 32);
        }
        return v;
    }
};

// Q2_K and Q3_K: a super-block a chunk, read as TQ2_0 is (TwoBitLane).
struct Q2KChunk {
    using Row = Q2KRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockQ2K*>(row) + chunk;
        LaneValues v;
        const TwoBitLane t(block->qs, chunk, lane, v);
        const float d = half_to_float(block->d), dmin = half_to_float(block->dmin);
        for (int half = 0; half < 2; ++half) {
            const int at = half == 0 ? v.first : v.second;
            const std::uint8_t scale = block->scales[(at % kChunkValues) / 16];
            const float dl = d * (scale & 0xF);
            const float ml = dmin * (scale >> 4);
            for (int i = 0; i < 4; ++i)
                v.w[4 * half + i] = dl * t.quant(half, i) - ml;
        }
        return v;
    }
};

struct Q3KChunk {
    using Row = Q3KRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockQ3K*>(row) + chunk;
        LaneValues v;
        const TwoBitLane t(block->qs, chunk, lane, v);
        const float d = half_to_float(block->d);
        const std::uint32_t hmask = load_u32_from_u16(block->hmask + t.l);
        for (int half = 0; half < 2; ++half) {
            const int i_block = (half == 0 ? v.first : v.second) % kChunkValues;
            const float dl = d * q3_k_scale(*block, i_block / 16);
            const int bit = i_block / 32;
            for (int i = 0; i < 4; ++i) {
                const bool top = (hmask >> (8 * i + bit)) & 1;
                v.w[4 * half + i] = dl * (t.quant(half, i) - (top ? 0 : 4));
            }
        }
        return v;
    }
};

// Calls `f(Chunk {})` with the chunk type of `type`; false for a format without one.
template <typename F> bool with_chunk_type(GgmlType type, F&& f)
{
    switch (type) {
    case GgmlType::F32:
        f(F32Chunk {});
        return true;
    case GgmlType::F16:
        f(F16Chunk {});
        return true;
    case GgmlType::BF16:
        f(BF16Chunk {});
        return true;
    case GgmlType::Q8_0:
        f(Q8_0Chunk {});
        return true;
    case GgmlType::Q4_0:
        f(Q4_0Chunk {});
        return true;
    case GgmlType::Q4_K:
        f(Q4KChunk {});
        return true;
    case GgmlType::Q5_K:
        f(Q5KChunk {});
        return true;
    case GgmlType::Q6_K:
        f(Q6KChunk {});
        return true;
    case GgmlType::Q4_1:
        f(Q4_1Chunk {});
        return true;
    case GgmlType::Q5_0:
        f(Q5_0Chunk {});
        return true;
    case GgmlType::Q5_1:
        f(Q5_1Chunk {});
        return true;
    case GgmlType::IQ4_NL:
        f(IQ4NLChunk {});
        return true;
    case GgmlType::Q2_K:
        f(Q2KChunk {});
        return true;
    case GgmlType::Q3_K:
        f(Q3KChunk {});
        return true;
    case GgmlType::IQ4_XS:
        f(IQ4XSChunk {});
        return true;
    case GgmlType::MXFP4:
        f(MXFP4Chunk {});
        return true;
    case GgmlType::IQ2_XXS:
        f(IQ2XXSChunk {});
        return true;
    case GgmlType::IQ2_XS:
        f(IQ2XSChunk {});
        return true;
    case GgmlType::IQ2_S:
        f(IQ2SChunk {});
        return true;
    case GgmlType::IQ3_XXS:
        f(IQ3XXSChunk {});
        return true;
    case GgmlType::IQ3_S:
        f(IQ3SChunk {});
        return true;
    case GgmlType::IQ1_S:
        f(IQ1SChunk {});
        return true;
    case GgmlType::IQ1_M:
        f(IQ1MChunk {});
        return true;
    case GgmlType::TQ1_0:
        f(TQ1_0Chunk {});
        return true;
    case GgmlType::TQ2_0:
        f(TQ2_0Chunk {});
        return true;
    default:
        return false;
    }
}

} // namespace hearth::cuda
