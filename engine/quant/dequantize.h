#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/gguf/ggml_type.h"

namespace hearth::quant {

// Whether the engine can compute with weights of this type.
bool is_supported_weight_type(GgmlType type);
// Of the raw type ids `type_ids`, those the engine cannot compute with, named
// as users see them: "NVFP4", or "type 57" for an id this build does not
// know. In id order, each once; empty when every type runs.
std::vector<std::string> unrunnable_type_names(std::span<const std::uint32_t> type_ids);

// Expands `n` values (a whole number of blocks) stored as `type` at `src` into
// floats. The plain reference: tests and the slow paths use it.
void dequantize_row(GgmlType type, const void* src, float* dst, std::size_t n);

} // namespace hearth::quant
