#pragma once

#include <cstddef>

#include "gguf/ggml_type.h"

namespace hearth::quant {

// Whether the engine can compute with weights of this type.
bool is_supported_weight_type(GgmlType type);

// Expands `n` values (a whole number of blocks) stored as `type` at `src` into
// floats. The plain reference: tests and the slow paths use it.
void dequantize_row(GgmlType type, const void* src, float* dst, std::size_t n);

} // namespace hearth::quant
