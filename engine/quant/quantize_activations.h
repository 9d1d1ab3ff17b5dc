#pragma once

#include <cstddef>

#include "engine/gguf/ggml_type.h"

namespace hearth::quant {

// Converts `n` activations (a whole number of blocks) to `type`, one of the
// activation types of vec_dot.h (F32, F16, BF16, Q8_0, Q8_1, Q8_K), bit for bit as
// ggml-cpu's from_float does on x86-64 with AVX2 before its dot products.
// It differs from quantize_row() in two places:
// - Q8_0: ggml-cpu's AVX path multiplies by 127 / amax and rounds halves to
//   even; the reference quantizer that writes Q8_0 files multiplies by
//   1 / (amax / 127) and rounds halves away from zero. (ggml-cpu's ARM NEON
//   path is a third variant: 1 / (amax / 127) with halves to even.)
// - F16: NaNs keep their payload (F16C) instead of becoming 0x7E00.
// Q8_K, BF16 and F32 are the same as quantize_row(): ggml-cpu's x86
// quantize_row_q8_K calls the reference one, and its Q4_K repacked-matmul
// quantizer (quantize_mat_q8_K_4x8) gives the same values, differing at most in
// the shared sign of d and the quants when +amax and -amax both occur.
void quantize_activations_row(GgmlType type, const float* src, void* dst, std::size_t n);

} // namespace hearth::quant
