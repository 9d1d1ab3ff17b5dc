#pragma once

#include <cstddef>

#include "engine/gguf/ggml_type.h"

namespace hearth::quant {

// Packs `n` floats (a whole number of blocks; one row where `importance`
// is given) as `type` into `dst`, bit for bit as ggml's quantizers do.
// Supports F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL, IQ4_XS,
// Q2_K to Q6_K, Q8_K, the 1- to 3-bit i-quants, MXFP4, TQ1_0 and TQ2_0 —
// every type Hearth reads (can_quantize_row). This is how llama.cpp writes
// model files; activations before a dot product go through
// quantize_activations_row() instead (quant/quantize_activations.h), because
// ggml-cpu's Q8_0 activation quantizer rounds differently.
// `importance`: one weight a column of the row (an importance matrix's), or
// null. With it every type but F32, F16, BF16 and Q8_0 runs ggml's weighted
// search, so the bytes are llama-quantize --imatrix's; null gives ggml's
// reference bytes (and for IQ2_XXS, IQ2_XS and IQ1_S, which ggml cannot
// write without one, a flat matrix's).
// Whether quantize_row() writes `type`.
bool can_quantize_row(GgmlType type);

void quantize_row(GgmlType type, const float* src, void* dst, std::size_t n, const float* importance = nullptr);

} // namespace hearth::quant
