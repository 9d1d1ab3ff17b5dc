#pragma once

#include <array>
#include <cstdint>

#include "engine/gguf/ggml_type.h"
#include "engine/quant/block_formats.h"

// The search IQ3_XXS and IQ3_S share (quantize_iq3_fit.cpp); their packing
// into blocks is in quantize_iq3.cpp. Internal to those two files.
namespace hearth::quant::iq3 {

inline constexpr int kBlock = 32; // elements per block scale
inline constexpr int kGroups = kBlock / 4; // grid points per block
inline constexpr int kSignBytes = kBlock / 8;
inline constexpr int kBlocks = static_cast<int>(kSuperBlock) / kBlock;

struct FittedBlock {
    bool all_zero = true; // skipped: scale 0, no points or signs stored
    float scale = 0;
    std::array<std::uint16_t, kGroups> points {}; // grid index of each 4 elements
    std::array<std::uint8_t, kSignBytes> signs {}; // per 8 elements, bit i set: element i negative
};

struct FittedSuperBlock {
    std::array<FittedBlock, kBlocks> blocks;
    float max_scale = 0;
};

// Fits one super-block of `type` (IQ3_XXS or IQ3_S): per block of 32 its
// scale, grid points and signs. `importance`: the super-block's 256
// weights, or null.
FittedSuperBlock fit_super_block(GgmlType type, const float* x, const float* importance);

// The 4-bit code of one block scale against super-block step d (= 1 / id):
// scales are stored as odd multiples of d, like the levels.
std::uint32_t scale_code(float id, float scale);

} // namespace hearth::quant::iq3
