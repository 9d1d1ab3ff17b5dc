#pragma once

#include <cstddef>

#include "engine/quant/block_formats.h"

// The 2-bit i-quants, quantized as ggml does it (quantize_iq2_xxs / _xs /
// _s), byte for byte. One row a call: `n` is the row length, a multiple of
// 256, and `importance` holds one weight a column of the row (an
// importance matrix's), or is null where the type allows it.
namespace hearth::quant {

// IQ2_XXS. `importance` must not be null: ggml refuses to quantize IQ2_XXS
// without an importance matrix (its quantizer asserts one), so there are no
// bytes to agree with.
void quantize_iq2_xxs(const float* x, BlockIQ2XXS* y, std::size_t n, const float* importance);

// IQ2_XS. `importance` must not be null, as for IQ2_XXS.
void quantize_iq2_xs(const float* x, BlockIQ2XS* y, std::size_t n, const float* importance);

// IQ2_S. Null `importance` weighs each value by x² plus a quarter of the
// super-block's spread, as ggml does without an importance matrix.
void quantize_iq2_s(const float* x, BlockIQ2S* y, std::size_t n, const float* importance = nullptr);

} // namespace hearth::quant
