#pragma once

#include <cstddef>

#include "engine/cpu/attention_kernels.h"

namespace hearth::cpu {

// How attend's scratch floats are laid out, for the kernels of every level.
// Rows sit in the lanes: a column of kMaxAttentionRows floats per dimension
// or position.
struct AttentionScratch {
    // Keys and values are converted this many positions at a time: 4 KB for a
    // head of 64, so the block stays in L1 while every row reads it.
    static constexpr std::size_t kBlock = 32;

    static constexpr std::size_t padded(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }
    static constexpr std::size_t floats(std::size_t positions, std::size_t head_dim)
    {
        const std::size_t dims = padded(head_dim, kMaxAttentionRows);
        // A block may start at any position: its scores reach a block past the last.
        return kMaxAttentionRows * (head_dim + dims + padded(positions, kBlock) + kBlock) + kBlock * dims;
    }

    AttentionScratch(float* base, std::size_t head_dim)
        : dims(padded(head_dim, kMaxAttentionRows))
        , queries(base)
        , sums(queries + kMaxAttentionRows * head_dim)
        , block(sums + kMaxAttentionRows * dims)
        , scores(block + kBlock * dims)
    { }

    std::size_t dims; // head_dim rounded up to a vector: the rows of `block`
    float* queries; // [head_dim][lanes]
    float* sums; // [dims][lanes]: Σ weight × value
    float* block; // [kBlock][dims]: keys or values as floats, zero past head_dim
    float* scores; // [positions, rounded up to kBlock, and a block more][lanes]
};

} // namespace hearth::cpu
