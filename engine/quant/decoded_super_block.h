#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/gguf/ggml_type.h"
#include "engine/quant/block_formats.h"

namespace hearth::quant {

// A super-block of any Q8_K-paired format but Q4_K, Q5_K and Q6_K (which have
// kernels of their own), brought to one shape: int8 values, an integer scale
// per group of 16, and an integer multiplier of each group's activation sum
// (Q2_K's mins, IQ1's shared offset). Its dot product with a Q8_K block x is
//   d · x.d · Σ_g scales[g] · Σ_{i in g} q[i] · x.q[i]
//   + offset_d · x.d · Σ_g offsets[g] · x.bsums[g],
// each sum exact in int32, as ggml forms them; the reference dot and every
// SIMD kernel add those two products in that order, so they agree to the bit.
struct DecodedSuperBlock {
    std::int8_t q[kSuperBlock]; // |q| <= 127
    std::int16_t scales[kSuperBlock / 16];
    std::int16_t offsets[kSuperBlock / 16];
    float d = 0;
    float offset_d = 0; // 0 where the format has no offsets
};

// Whether decode_super_block() handles `type`: Q2_K, Q3_K, IQ4_XS, IQ3_XXS,
// IQ3_S, IQ2_XXS, IQ2_XS, IQ2_S, IQ1_S, IQ1_M, TQ1_0, TQ2_0.
bool decodes_to_super_block(GgmlType type);

// Super-block `index` of a row stored as `type`.
void decode_super_block(GgmlType type, const void* row, std::size_t index, DecodedSuperBlock& out);

} // namespace hearth::quant
