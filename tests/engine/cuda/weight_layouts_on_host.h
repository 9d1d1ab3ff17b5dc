#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/gguf/ggml_type.h"

namespace hearth::test {

// The GPU's per-element and per-chunk dequantization (cuda/weight_rows.cuh,
// cuda/weight_chunks.cuh), run on the host: the values of a row, in column
// order (chunks: the whole chunks only). false for a format without them.
bool rows_on_host(GgmlType type, const std::uint8_t* row, std::size_t cols, float* out);
bool chunks_on_host(GgmlType type, const std::uint8_t* row, std::size_t cols, float* out);

} // namespace hearth::test
