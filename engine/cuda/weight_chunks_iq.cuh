#pragma once

// Chunk loaders (see weight_chunks.cuh) of IQ4_XS, MXFP4, the i-quants and
// the ternary formats: a lane's 8 values as their Row accessor
// (weight_rows_iq.cuh) computes them, with the block's shared fields —
// scales, sign words, grid indices — read once a lane instead of once a
// value.

#include <cstdint>

#include "engine/cuda/half_bits.cuh"
#include "engine/cuda/weight_chunk_lane.cuh"
#include "engine/cuda/weight_rows_iq.cuh"
#include "engine/quant/block_formats.h"

namespace hearth::cuda {

// IQ4_XS: a super-block a chunk; lane L reads bytes 4p .. 4p + 3 (p = L % 4)
// of sub-block s = L / 4's 16: low nibbles are values 32s + 4p .., high
// nibbles the 4 at 16 further.
struct IQ4XSChunk {
    using Row = IQ4XSRow;
    static constexpr int kAlignment = 4;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ4XS*>(row) + chunk;
        const int sub = lane / 4, part = lane % 4;
        LaneValues v;
        v.first = chunk * kChunkValues + 32 * sub + 4 * part;
        v.second = v.first + 16;
        const float dl = half_to_float(block->d) * iq4_xs_scale(*block, sub);
        const std::uint32_t q = *reinterpret_cast<const std::uint32_t*>(block->qs + 16 * sub + 4 * part);
        for (int i = 0; i < 4; ++i) {
            v.w[i] = dl * iq4_nl_level(int((q >> (8 * i)) & 0xF));
            v.w[4 + i] = dl * iq4_nl_level(int((q >> (8 * i + 4)) & 0xF));
        }
        return v;
    }
};

// MXFP4: Q4_0's reading (8 blocks a chunk, four lanes a block); its blocks
// are 17 bytes, so byte loads.
struct MXFP4Chunk {
    using Row = MXFP4Row;
    static constexpr int kAlignment = 1;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockMXFP4*>(row) + chunk * 8 + lane / 4;
        const int part = lane % 4;
        LaneValues v;
        v.first = chunk * kChunkValues + (lane / 4) * 32 + part * 4;
        v.second = v.first + 16;
        const float d = e8m0_half(block->e);
        const std::uint32_t q = load_u32(block->qs + 4 * part);
        for (int i = 0; i < 4; ++i) {
            v.w[i] = mxfp4_level(int((q >> (8 * i)) & 0xF)) * d;
            v.w[4 + i] = mxfp4_level(int((q >> (8 * i + 4)) & 0xF)) * d;
        }
        return v;
    }
};

// The 8 values of a group from its grid point (8 bytes) and sign bits.
__host__ __device__ inline void grid_group(float db, std::uint64_t point, std::uint32_t signs, LaneValues& v)
{
    for (int k = 0; k < 8; ++k)
        v.w[k] = grid_value(db, point, k, signs);
}

struct IQ2XXSChunk {
    using Row = IQ2XXSRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ2XXS*>(row) + chunk;
        LaneValues v;
        const GroupLane g(chunk, lane, v);
        const std::uint16_t* words = block->qs + 4 * g.sub;
        const std::uint32_t index_word = words[0] | (std::uint32_t(words[1]) << 16);
        const std::uint32_t sign_word = words[2] | (std::uint32_t(words[3]) << 16);
        const float db = half_to_float(block->d) * (0.5f + (sign_word >> 28)) * 0.25f;
        grid_group(db, iq2_xxs_point((index_word >> (8 * g.l)) & 0xFF), sign_code(sign_word >> (7 * g.l)), v);
        return v;
    }
};

struct IQ2XSChunk {
    using Row = IQ2XSRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ2XS*>(row) + chunk;
        LaneValues v;
        const GroupLane g(chunk, lane, v);
        const float db = half_to_float(block->d) * (0.5f + ((block->scales[g.sub] >> (4 * (g.l / 2))) & 0xF)) * 0.25f;
        const std::uint32_t q = block->qs[4 * g.sub + g.l];
        grid_group(db, iq2_xs_point(q & 511), sign_code(q >> 9), v);
        return v;
    }
};

struct IQ2SChunk {
    using Row = IQ2SRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ2S*>(row) + chunk;
        LaneValues v;
        const GroupLane g(chunk, lane, v);
        const float db = half_to_float(block->d) * (0.5f + ((block->scales[g.sub] >> (4 * (g.l / 2))) & 0xF)) * 0.25f;
        const int index = block->qs[4 * g.sub + g.l] | ((block->qh[g.sub] << (8 - 2 * g.l)) & 0x300);
        grid_group(db, iq2_s_point(index), block->qs[32 + 4 * g.sub + g.l], v);
        return v;
    }
};

// The IQ3 formats: two grid points of 4 a group.
__host__ __device__ inline void grid_pair(
    float db, std::uint32_t first, std::uint32_t second, std::uint32_t signs, LaneValues& v)
{
    for (int k = 0; k < 8; ++k) {
        const std::uint32_t point = k < 4 ? first : second;
        v.w[k] = db * float(std::uint8_t(point >> (8 * (k % 4)))) * (signs & (1u << k) ? -1.f : 1.f);
    }
}

struct IQ3XXSChunk {
    using Row = IQ3XXSRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ3XXS*>(row) + chunk;
        LaneValues v;
        const GroupLane g(chunk, lane, v);
        const std::uint32_t word = load_u32_from_u16(block->qs + 64 + 4 * g.sub);
        const float db = half_to_float(block->d) * (0.5f + (word >> 28)) * 0.5f;
        const std::uint8_t* indices = block->qs + 8 * g.sub + 2 * g.l;
        grid_pair(db, iq3_xxs_point(indices[0]), iq3_xxs_point(indices[1]), sign_code(word >> (7 * g.l)), v);
        return v;
    }
};

struct IQ3SChunk {
    using Row = IQ3SRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ3S*>(row) + chunk;
        LaneValues v;
        const GroupLane g(chunk, lane, v);
        const int scale = (block->scales[g.sub / 2] >> (4 * (g.sub % 2))) & 0xF;
        const float db = half_to_float(block->d) * (1 + 2 * scale);
        const unsigned high = block->qh[g.sub];
        const std::uint8_t* indices = block->qs + 8 * g.sub + 2 * g.l;
        const int first = indices[0] | ((high << (8 - 2 * g.l)) & 256);
        const int second = indices[1] | ((high << (7 - 2 * g.l)) & 256);
        grid_pair(db, iq3_s_point(first), iq3_s_point(second), block->signs[4 * g.sub + g.l], v);
        return v;
    }
};

__host__ __device__ inline void iq1_group(float dl, std::uint64_t point, bool negative_delta, LaneValues& v)
{
    for (int k = 0; k < 8; ++k)
        v.w[k] = iq1_value(dl, point, k, negative_delta);
}

struct IQ1SChunk {
    using Row = IQ1SRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ1S*>(row) + chunk;
        LaneValues v;
        const GroupLane g(chunk, lane, v);
        const unsigned high = block->qh[g.sub];
        const float dl = half_to_float(block->d) * (2 * ((high >> 12) & 7) + 1);
        iq1_group(dl, iq1_point(block->qs[4 * g.sub + g.l] | (((high >> (3 * g.l)) & 7) << 8)), high & 0x8000, v);
        return v;
    }
};

struct IQ1MChunk {
    using Row = IQ1MRow;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockIQ1M*>(row) + chunk;
        LaneValues v;
        const GroupLane g(chunk, lane, v);
        const float dl = iq1m_group_scale(*block, 2 * g.sub + g.l / 2);
        const unsigned bits = block->qh[2 * g.sub + g.l / 2] >> (4 * (g.l % 2));
        iq1_group(dl, iq1_point(block->qs[4 * g.sub + g.l] | ((bits & 7) << 8)), bits & 8, v);
        return v;
    }
};

// TQ1_0: 64 runs of 4 consecutive values, two a lane (runs L and L + 32).
// Runs 0..39 are trit n = r / 8 of qs bytes 4 (r % 8) ..; runs 40..59 trit
// n = r' / 4 of qs bytes 32 + 4 (r' % 4) .. (r' = r - 40); runs 60..63 trit
// r - 60 of the four qh bytes.
struct TQ1_0Chunk {
    using Row = TQ1_0Row;
    static constexpr int kAlignment = 2;
    __host__ __device__ static void run(const quant::BlockTQ1_0& block, int r, float d, float* w, int& first)
    {
        const std::uint8_t* bytes;
        int n;
        if (r < 40) {
            n = r / 8;
            bytes = block.qs + 4 * (r % 8);
            first = 32 * n + 4 * (r % 8);
        } else if (r < 60) {
            n = (r - 40) / 4;
            bytes = block.qs + 32 + 4 * ((r - 40) % 4);
            first = 160 + 16 * n + 4 * ((r - 40) % 4);
        } else {
            n = r - 60;
            bytes = block.qh;
            first = 240 + 4 * n;
        }
        for (int i = 0; i < 4; ++i)
            w[i] = float(TQ1_0Row::trit(bytes[i], n) - 1) * d;
    }
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto& block = reinterpret_cast<const quant::BlockTQ1_0*>(row)[chunk];
        const float d = half_to_float(block.d);
        LaneValues v;
        run(block, lane, d, v.w, v.first);
        run(block, lane + 32, d, v.w + 4, v.second);
        v.first += chunk * kChunkValues;
        v.second += chunk * kChunkValues;
        return v;
    }
};

struct TQ2_0Chunk {
    using Row = TQ2_0Row;
    static constexpr int kAlignment = 2;
    __host__ __device__ static LaneValues load(const std::uint8_t* row, int chunk, int lane)
    {
        const auto* block = reinterpret_cast<const quant::BlockTQ2_0*>(row) + chunk;
        LaneValues v;
        const TwoBitLane t(block->qs, chunk, lane, v);
        const float d = half_to_float(block->d);
        for (int i = 0; i < 4; ++i) {
            v.w[i] = float(t.quant(0, i) - 1) * d;
            v.w[4 + i] = float(t.quant(1, i) - 1) * d;
        }
        return v;
    }
};

} // namespace hearth::cuda
