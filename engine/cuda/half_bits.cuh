#pragma once

#include <cstdint>

#include <cuda_fp16.h>

namespace hearth::cuda {

// An fp16 scale as the files store it (its bits), as a float. Host and device code.
__host__ __device__ inline float half_to_float(std::uint16_t bits)
{
    return __half2float(__ushort_as_half(bits));
}

} // namespace hearth::cuda
