#pragma once

#include <cstddef>

#include "engine/quant/block_formats.h"

// The 3-bit i-quants' quantizers, byte for byte ggml's (quantize_iq3_xxs /
// quantize_iq3_s). Each call quantizes one row of n elements (a multiple of
// kSuperBlock) into n / kSuperBlock blocks; `importance` is null or holds n
// weights, one per column of the row (an importance matrix's). Reentrant:
// rows may be quantized from many threads at once.
namespace hearth::quant {

// IQ3_XXS: each 4 elements a point of a 256-point grid, 7-bit sign codes
// and a 4-bit scale per 32. Works without an importance matrix, as ggml's does.
void quantize_iq3_xxs(const float* x, BlockIQ3XXS* y, std::size_t n, const float* importance = nullptr);

// IQ3_S: each 4 elements a point of a 512-point grid, explicit signs and a
// 4-bit scale per 32.
void quantize_iq3_s(const float* x, BlockIQ3S* y, std::size_t n, const float* importance = nullptr);

} // namespace hearth::quant
