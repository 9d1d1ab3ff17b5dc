#pragma once

#include <cstddef>

#include "gguf/ggml_type.h"

namespace hearth::quant {

// Packs `n` floats (a whole number of blocks) as `type` into `dst`, bit for bit
// as ggml's reference quantizers do (no importance matrix). Supports F32, F16,
// BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL, IQ4_XS, Q2_K, Q3_K, Q4_K, Q5_K,
// Q6_K and Q8_K (can_quantize_row). This is how llama.cpp writes
// model files; activations before a dot product go through
// quantize_activations_row() instead (quant/quantize_activations.h), because
// ggml-cpu's Q8_0 activation quantizer rounds differently.
// `importance`: one weight a column (an importance matrix's), used by the
// Q4_0, IQ4 and Q4_K–Q6_K searches; null gives ggml's reference bytes. Q4_1,
// Q5_0, Q5_1, Q2_K and Q3_K ignore it: ggml's weighted searches for them are
// not written here, so with a matrix their bytes differ from llama-quantize's.
// Whether quantize_row() writes `type`.
bool can_quantize_row(GgmlType type);

void quantize_row(GgmlType type, const float* src, void* dst, std::size_t n, const float* importance = nullptr);

} // namespace hearth::quant
