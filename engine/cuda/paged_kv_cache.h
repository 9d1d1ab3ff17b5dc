#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <cuda_runtime_api.h>

#include "engine/cuda/attention.h"
#include "engine/cuda/device_buffer.h"
#include "engine/cuda/kv_block_table.h"
#include "engine/model/forward_pass.h"

namespace hearth::cuda {

// Keys and values of every layer on the GPU in blocks of kKvBlockTokens
// positions (half floats), with the block table the kernels read.
class PagedKvCache {
public:
    // `pool_blocks` 0: every slot's whole context; fewer: the slots share
    // them by use.
    PagedKvCache(std::uint32_t layers, std::uint32_t kv_dim, std::uint32_t context, std::uint32_t slots,
        std::uint32_t pool_blocks = 0);

    // What such a cache allocates.
    static std::size_t bytes_for(std::uint32_t layers, std::uint32_t kv_dim, std::uint32_t context, std::uint32_t slots,
        std::uint32_t pool_blocks = 0);

    // Whether the pool has the blocks the batch's new positions would take.
    bool can_hold(std::span<const BatchToken> batch) const;
    void release(std::uint32_t slot, std::uint32_t keep)
    {
        m_table.release(slot, keep);
        m_table_changed = true;
    }
    std::uint64_t positions() const { return std::uint64_t { m_table.pool_blocks() } * kKvBlockTokens; }

    // Makes `position` of `slot` writable: a block where the slot has none,
    // its own copy (queued on `stream`) of one it shares.
    void prepare_write(std::uint32_t slot, std::uint32_t position, cudaStream_t stream);
    void share_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count)
    {
        m_table.share_prefix(from, to, count);
        m_table_changed = true;
    }

    // Copies the block table to the GPU when it changed; before kernels read it.
    void upload_table(cudaStream_t stream);

    PagedKv layer(std::uint32_t layer) const;
    std::size_t bytes() const { return m_keys.bytes() + m_values.bytes() + m_device_table.bytes(); }
    // Bytes of keys or values one layer's one block holds.
    std::size_t block_bytes() const { return std::size_t { kKvBlockTokens } * m_kv_dim * sizeof(__half); }

private:
    std::uint32_t m_layers = 0;
    std::uint32_t m_kv_dim = 0;
    KvBlockTable m_table;
    std::size_t m_layer_bytes = 0; // one layer's pool of keys (or values)
    DeviceBuffer m_keys; // [layer][block][kKvBlockTokens][kv_dim]
    DeviceBuffer m_values;
    DeviceBuffer m_device_table; // [slot][blocks_per_slot] int
    bool m_table_changed = true;
};

} // namespace hearth::cuda
