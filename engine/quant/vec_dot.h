#pragma once

#include <cstddef>

#include "engine/gguf/ggml_type.h"

namespace hearth::quant {

// The type activations are converted to before a dot product with weights of
// `weight`, as ggml does: F32 for F32, F16 for F16, BF16 for BF16, Q8_0 for
// Q4_0, Q5_0, Q8_0, IQ4_NL and MXFP4, Q8_1 for Q4_1 and Q5_1, Q8_K for the
// K-quants, IQ4_XS, the IQ2/IQ3/IQ1 formats and TQ1_0/TQ2_0. Matching ggml here is what makes
// Hearth's logits agree with llama.cpp's on the same file.
GgmlType activation_type(GgmlType weight);

// Plain scalar dot product of `n` elements: weights `w` stored as `weight`,
// activations `x` stored as activation_type(weight). The reference the SIMD
// kernels of cpu/ are tested against.
float vec_dot_reference(GgmlType weight, const void* w, const void* x, std::size_t n);

} // namespace hearth::quant
