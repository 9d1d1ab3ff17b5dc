#pragma once

// What a lane of the chunk loaders (weight_chunks.cuh, weight_chunks_iq.cuh)
// hands back: 8 values of a 256-value chunk of a row, as two runs of 4
// consecutive columns so the kernel reads x as two float4.

#include <cstdint>

namespace hearth::cuda {

inline constexpr int kChunkValues = 256;

// Four bytes at an address only 2-byte aligned (blocks of 34, 18 or 210 bytes).
__host__ __device__ inline std::uint32_t load_u32_from_u16(const std::uint8_t* at)
{
    const auto* half = reinterpret_cast<const std::uint16_t*>(at);
    return std::uint32_t(half[0]) | (std::uint32_t(half[1]) << 16);
}

struct LaneValues {
    float w[8];
    int first; // columns first .. first + 3 hold w[0..3]
    int second; // columns second .. second + 3 hold w[4..7]
};

// Q2_K, Q3_K and TQ2_0 keep element 128h + 32k + l of a super-block in bits
// 2k, 2k + 1 of quant byte 32h + l. Lane L reads bytes 32h + l .. + 3 (h =
// (L % 16) / 8, l = 4 (L % 8)) and takes the shifts k = 2p and 2p + 1 (p =
// L / 16): values 128h + 64p + l .. + 3 and the 4 at 32 further. The warp
// reads the 64 bytes twice, from cache the second time.
struct TwoBitLane {
    int l; // the lanes' first element's position in its group of 32
    int k; // the shift of the first run
    std::uint32_t q;
    __host__ __device__ TwoBitLane(const std::uint8_t* qs, int chunk, int lane, LaneValues& v)
    {
        const int h = (lane % 16) / 8, p = lane / 16;
        l = 4 * (lane % 8);
        k = 2 * p;
        q = load_u32_from_u16(qs + 32 * h + l);
        v.first = chunk * kChunkValues + 128 * h + 32 * k + l;
        v.second = v.first + 32;
    }
    // The i-th 2-bit quant of run `run` (0: first, 1: second).
    __host__ __device__ int quant(int run, int i) const { return int((q >> (8 * i + 2 * (k + run))) & 3); }
};

// The i-quants' lanes: one a group of 8 consecutive values, group l = L % 4
// of the 32-value sub-block L / 4.
struct GroupLane {
    int sub;
    int l;
    __host__ __device__ GroupLane(int chunk, int lane, LaneValues& v)
        : sub(lane / 4)
        , l(lane % 4)
    {
        v.first = chunk * kChunkValues + 32 * sub + 8 * l;
        v.second = v.first + 4;
    }
};

} // namespace hearth::cuda
