#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "engine/cpu/kv_cache.h"
#include "engine/cpu/simd_level.h"

namespace hearth::cpu {

// The most query rows one attention call takes: a vector of floats on the
// widest level.
inline constexpr std::size_t kMaxAttentionRows = 16;

// Query rows that read the same KV head of the same sequence: the heads of a
// GQA group, for one token or for several of a prompt. Each row attends to the
// cached positions [firsts[i], positions[i]): up to its own position + 1,
// from 0 or, in a sliding-window layer, from where its window begins. The
// cache's first row holds position `origin` (a sliding-window ring's rows
// start past 0), and every position a row sees is at or after it.
struct AttentionRows {
    std::size_t count = 0;
    std::uint32_t origin = 0;
    const float* q[kMaxAttentionRows] {}; // [head_dim] each
    float* out[kMaxAttentionRows] {}; // [head_dim] each
    std::uint32_t positions[kMaxAttentionRows] {};
    std::uint32_t firsts[kMaxAttentionRows] {};
    // The head's sink logit, which takes a share of the softmax and adds no
    // value (gpt-oss); −∞: none.
    float sinks[kMaxAttentionRows] { -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY,
        -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY };
};

// Attention over one KV head's cached keys and values, the prompt's quadratic
// work. The SIMD levels put the rows in the lanes of a vector: each key and
// value is converted (F16 with F16C) once for all rows and read as one
// broadcast per multiply-add, and neither the scores nor the softmax need a
// sum across a vector. Rows of the cache are `stride` elements apart.
struct AttentionKernels {
    std::size_t lanes = 1; // rows that cost no more than one
    // out_i = softmax(scale × K q_i, sink_i) V over the row's positions, for
    // every row, rows.count ≤ lanes.
    void (*attend)(const AttentionRows& rows, const void* keys, const void* values, std::size_t stride,
        std::size_t head_dim, float scale, float* scratch);
};

// The scratch floats attend needs for rows that see up to `positions`
// positions, on any level.
std::size_t attention_scratch_floats(std::size_t positions, std::size_t head_dim);

const AttentionKernels& attention_kernels(KvCacheType type, SimdLevel level);

} // namespace hearth::cpu
