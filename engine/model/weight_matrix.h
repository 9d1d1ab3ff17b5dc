#pragma once

#include <cstddef>

#include "engine/gguf/ggml_type.h"

namespace hearth {

// A weight matrix as the GGUF file stores it: `rows` rows of `cols` values,
// each row a whole number of blocks of `type`, rows `row_bytes` apart.
struct WeightMatrix {
    GgmlType type = GgmlType::F32;
    std::size_t rows = 0;
    std::size_t cols = 0;
    const void* data = nullptr;
    std::size_t row_bytes = 0;
};

} // namespace hearth
