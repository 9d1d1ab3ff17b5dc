#pragma once

#include <cstddef>

#include "cpu/simd_level.h"
#include "runtime/kv_cache.h"

namespace hearth::cpu {

// The two inner loops of attention over one head's cached keys and values,
// which the prompt's quadratic work runs through: on F16 caches they convert
// with the CPU's F16C instructions where it has them. Rows of the cache are
// `stride` elements apart.
struct AttentionKernels {
    // scores[p] = scale × q · key[p], for p < count.
    void (*scores)(const float* q, const void* keys, std::size_t stride, std::size_t count, std::size_t head_dim,
        float scale, float* scores);
    // out[d] = Σ_p weights[p] × value[p][d], for d < head_dim.
    void (*mix)(const float* weights, const void* values, std::size_t stride, std::size_t count, std::size_t head_dim,
        float* out);
};

const AttentionKernels& attention_kernels(KvCacheType type, SimdLevel level);

} // namespace hearth::cpu
