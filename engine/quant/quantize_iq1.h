#pragma once

#include <cstddef>

#include "engine/quant/block_formats.h"

// IQ1_S and IQ1_M, byte for byte as ggml quantizes them (quantize_iq1_s /
// quantize_iq1_m). Each call quantizes one row of `n` values, n a multiple
// of 256; `importance` is null or holds the row's n column weights (an
// importance matrix's). Reentrant: rows may be quantized from many threads.
namespace hearth::quant {

// IQ1_S needs an importance matrix, as in ggml (which stops without one):
// `importance` must not be null.
void quantize_iq1_s(const float* x, BlockIQ1S* y, std::size_t n, const float* importance);

// IQ1_M; without an importance matrix each value is weighted by its square.
void quantize_iq1_m(const float* x, BlockIQ1M* y, std::size_t n, const float* importance);

} // namespace hearth::quant
