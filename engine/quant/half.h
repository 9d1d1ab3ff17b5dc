#pragma once

#include <bit>
#include <cstdint>

// IEEE half and bfloat16 conversions as the CPU's F16C instructions and ggml do
// them (round to nearest, ties to even), so a value converted here is the value
// llama.cpp sees.
namespace hearth::quant {

float fp16_to_float(std::uint16_t h);
std::uint16_t float_to_fp16(float f);

inline float bf16_to_float(std::uint16_t h)
{
    return std::bit_cast<float>(std::uint32_t { h } << 16);
}
std::uint16_t float_to_bf16(float f);

} // namespace hearth::quant
