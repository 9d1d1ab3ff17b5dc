#pragma once

#include <cstddef>

#include <cuda_fp16.h>
#include <cuda_runtime_api.h>

namespace hearth::cuda {

// Positions in a block of the paged KV cache.
inline constexpr int kKvBlockTokens = 32;

// One layer of the paged KV cache as the kernels see it: keys and values in
// pools of blocks ([block][kKvBlockTokens][kv_dim], half floats), and each
// slot's blocks in order ([slot][max_blocks] block numbers).
struct PagedKv {
    __half* keys = nullptr;
    __half* values = nullptr;
    const int* block_table = nullptr;
    int max_blocks = 0;
    int kv_dim = 0;
};

// Writes each token's key and value ([tokens][kv_dim] floats) at its slot's
// position; the blocks must be in the table.
void store_kv(const PagedKv& cache, const float* k, const float* v, const int* token_slots, const int* token_positions,
    std::size_t tokens, cudaStream_t stream);

struct AttentionShape {
    int heads = 0;
    int kv_heads = 0;
    int head_dim = 0; // a multiple of 32, at most kMaxHeadDim
};
inline constexpr int kMaxHeadDim = 256;

// Floats of scratch `attend` needs for `tokens` tokens whose longest reaches
// `longest` positions.
std::size_t attention_scratch_floats(std::size_t tokens, const AttentionShape& shape, int longest);

// out[t][h] = softmax(q[t][h] · K / sqrt(head_dim)) · V over the token's
// slot's positions 0 .. position (queries [tokens][heads][head_dim], grouped
// heads sharing a key/value head). A long context is split across thread
// blocks whose partial softmax sums are merged (flash-decoding), so one
// sequence still fills the chip; the score matrix is never stored.
void attend(const PagedKv& cache, const float* q, const int* token_slots, const int* token_positions,
    std::size_t tokens, int longest, const AttentionShape& shape, float* scratch, float* out, cudaStream_t stream);

} // namespace hearth::cuda
