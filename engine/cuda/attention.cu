#include "engine/cuda/attention.h"

#include <cmath>

namespace hearth::cuda {

namespace {

constexpr int kWarps = 4; // a thread block's warps, each a share of the block's positions
constexpr int kMaxDimsPerLane = kMaxHeadDim / 32;
constexpr int kTargetBlocks = 1024; // enough thread blocks to fill any current GPU a few times
constexpr int kMinSplitPositions = 64; // below this a split's set-up outweighs its work
// A grid's y and z dimensions stop at 65535: longer batches go in parts.
constexpr std::size_t kMaxTokensAtOnce = 65535;

__device__ std::size_t cache_row(const PagedKv& cache, const int* table, int position)
{
    const int block = table[position / kKvBlockTokens];
    return (std::size_t(block) * kKvBlockTokens + position % kKvBlockTokens) * cache.kv_dim;
}

__global__ void store_kv_kernel(PagedKv cache, const float* k, const float* v, const int* token_slots,
    const int* token_positions, std::size_t count)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= count)
        return;
    const std::size_t t = i / cache.kv_dim;
    const int column = int(i % cache.kv_dim);
    const int* table = cache.block_table + std::size_t(token_slots[t]) * cache.max_blocks;
    const std::size_t at = cache_row(cache, table, token_positions[t]) + column;
    cache.keys[at] = __float2half(k[i]);
    cache.values[at] = __float2half(v[i]);
}

struct Partials {
    float* acc; // [entries][head_dim]
    float* max; // [entries]
    float* sum; // [entries]
};

int split_count(std::size_t tokens, int heads, int longest)
{
    const std::size_t items = tokens * std::size_t(heads);
    const int by_length = (longest + kMinSplitPositions - 1) / kMinSplitPositions;
    const int by_chip = int((kTargetBlocks + items - 1) / items);
    const int splits = by_length < by_chip ? by_length : by_chip;
    return splits > 1 ? splits : 1;
}

Partials partials_in(float* scratch, std::size_t entries, int head_dim)
{
    return { scratch, scratch + entries * head_dim, scratch + entries * head_dim + entries };
}

// Block (split, head, token): its warps take every kWarps-th position of the
// split and keep a running softmax — max, sum of exponentials, weighted sum
// of values — each lane over head_dim / 32 of the dimensions. Every warp's
// result is a partial the merge combines.
__global__ void attention_split_kernel(PagedKv cache, const float* q, const int* token_slots,
    const int* token_positions, int heads, int kv_heads, int head_dim, float scale, int splits, Partials partials)
{
    const int split = blockIdx.x;
    const int head = blockIdx.y;
    const int t = blockIdx.z;
    const int warp = threadIdx.x / 32;
    const int lane = threadIdx.x % 32;
    const int dims = head_dim / 32;
    const int length = token_positions[t] + 1;
    // Each token's own length split `splits` ways (at least kMinSplitPositions
    // a split): a graph laid out for the whole context still spreads a short
    // sequence's positions over several blocks.
    const int even_share = (length + splits - 1) / splits;
    const int split_length = even_share > kMinSplitPositions ? even_share : kMinSplitPositions;
    const int begin = split * split_length;
    const int end = begin + split_length < length ? begin + split_length : length;
    const int kv_offset = (head / (heads / kv_heads)) * head_dim;
    const int* table = cache.block_table + std::size_t(token_slots[t]) * cache.max_blocks;
    const float* query = q + (std::size_t(t) * heads + head) * head_dim;

    float qr[kMaxDimsPerLane];
    float acc[kMaxDimsPerLane];
#pragma unroll
    for (int i = 0; i < kMaxDimsPerLane; ++i) {
        qr[i] = i < dims ? query[lane + 32 * i] : 0.0f;
        acc[i] = 0.0f;
    }
    float max = -INFINITY;
    float sum = 0.0f;
    for (int position = begin + warp; position < end; position += kWarps) {
        const std::size_t row = cache_row(cache, table, position) + kv_offset;
        float dot = 0.0f;
#pragma unroll
        for (int i = 0; i < kMaxDimsPerLane; ++i)
            if (i < dims)
                dot += qr[i] * __half2float(cache.keys[row + lane + 32 * i]);
        for (int offset = 16; offset > 0; offset /= 2)
            dot += __shfl_xor_sync(0xFFFFFFFFu, dot, offset);
        const float score = dot * scale;
        const float new_max = fmaxf(max, score);
        const float correction = expf(max - new_max);
        const float weight = expf(score - new_max);
        sum = sum * correction + weight;
#pragma unroll
        for (int i = 0; i < kMaxDimsPerLane; ++i)
            if (i < dims)
                acc[i] = acc[i] * correction + weight * __half2float(cache.values[row + lane + 32 * i]);
        max = new_max;
    }
    const std::size_t entry = ((std::size_t(t) * heads + head) * splits + split) * kWarps + warp;
#pragma unroll
    for (int i = 0; i < kMaxDimsPerLane; ++i)
        if (i < dims)
            partials.acc[entry * head_dim + lane + 32 * i] = acc[i];
    if (lane == 0) {
        partials.max[entry] = max;
        partials.sum[entry] = sum;
    }
}

// Block (head, token), a thread a dimension: the partials rescaled to the
// common maximum and summed.
__global__ void attention_merge_kernel(Partials partials, int entries, int heads, int head_dim, float* out)
{
    const int head = blockIdx.x;
    const int t = blockIdx.y;
    const int d = threadIdx.x;
    const std::size_t first = (std::size_t(t) * heads + head) * entries;
    float max = -INFINITY;
    for (int e = 0; e < entries; ++e)
        max = fmaxf(max, partials.max[first + e]);
    float sum = 0.0f;
    float value = 0.0f;
    for (int e = 0; e < entries; ++e) {
        if (partials.sum[first + e] == 0.0f)
            continue; // a warp that had no position
        const float weight = expf(partials.max[first + e] - max);
        sum += partials.sum[first + e] * weight;
        value += partials.acc[(first + e) * head_dim + d] * weight;
    }
    out[(std::size_t(t) * heads + head) * head_dim + d] = value / sum;
}

} // namespace

void store_kv(const PagedKv& cache, const float* k, const float* v, const int* token_slots, const int* token_positions,
    std::size_t tokens, cudaStream_t stream)
{
    constexpr int kThreads = 256;
    const std::size_t count = tokens * std::size_t(cache.kv_dim);
    store_kv_kernel<<<unsigned((count + kThreads - 1) / kThreads), kThreads, 0, stream>>>(
        cache, k, v, token_slots, token_positions, count);
}

std::size_t attention_scratch_floats(std::size_t tokens, const AttentionShape& shape, int longest)
{
    tokens = tokens < kMaxTokensAtOnce ? tokens : kMaxTokensAtOnce; // attend goes in parts beyond
    const std::size_t entries = tokens * shape.heads * split_count(tokens, shape.heads, longest) * kWarps;
    return entries * (shape.head_dim + 2);
}

void attend(const PagedKv& cache, const float* q, const int* token_slots, const int* token_positions,
    std::size_t tokens, int longest, const AttentionShape& shape, float* scratch, float* out, cudaStream_t stream)
{
    if (tokens > kMaxTokensAtOnce) {
        const std::size_t q_row = std::size_t(shape.heads) * shape.head_dim;
        for (std::size_t first = 0; first < tokens; first += kMaxTokensAtOnce) {
            const std::size_t part = tokens - first < kMaxTokensAtOnce ? tokens - first : kMaxTokensAtOnce;
            attend(cache, q + first * q_row, token_slots + first, token_positions + first, part, longest, shape,
                scratch, out + first * q_row, stream);
        }
        return;
    }
    const int splits = split_count(tokens, shape.heads, longest);
    const std::size_t entries = tokens * shape.heads * splits * kWarps;
    const Partials partials = partials_in(scratch, entries, shape.head_dim);
    const float scale = 1.0f / sqrtf(float(shape.head_dim));
    attention_split_kernel<<<dim3(unsigned(splits), unsigned(shape.heads), unsigned(tokens)), 32 * kWarps, 0, stream>>>(
        cache, q, token_slots, token_positions, shape.heads, shape.kv_heads, shape.head_dim, scale, splits, partials);
    attention_merge_kernel<<<dim3(unsigned(shape.heads), unsigned(tokens)), unsigned(shape.head_dim), 0, stream>>>(
        partials, splits * kWarps, shape.heads, shape.head_dim, out);
}

} // namespace hearth::cuda
