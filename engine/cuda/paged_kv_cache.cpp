#include "engine/cuda/paged_kv_cache.h"

#include <vector>

namespace hearth::cuda {

PagedKvCache::PagedKvCache(
    std::uint32_t layers, std::uint32_t kv_dim, std::uint32_t context, std::uint32_t slots, std::uint32_t pool_blocks)
    : m_layers(layers)
    , m_kv_dim(kv_dim)
    , m_table(slots, context, kKvBlockTokens, pool_blocks)
    , m_layer_bytes(block_bytes() * m_table.pool_blocks())
    , m_keys(m_layer_bytes * layers)
    , m_values(m_layer_bytes * layers)
    , m_device_table(m_table.entries().size_bytes())
{ }

std::size_t PagedKvCache::bytes_for(
    std::uint32_t layers, std::uint32_t kv_dim, std::uint32_t context, std::uint32_t slots, std::uint32_t pool_blocks)
{
    const KvBlockTable table(slots, context, kKvBlockTokens, pool_blocks);
    const std::size_t block = std::size_t { kKvBlockTokens } * kv_dim * sizeof(__half);
    return 2 * std::size_t { layers } * table.pool_blocks() * block + table.entries().size_bytes();
}

bool PagedKvCache::can_hold(std::span<const BatchToken> batch) const
{
    std::vector<std::pair<std::uint32_t, std::uint32_t>> writes;
    writes.reserve(batch.size());
    for (const BatchToken& token : batch)
        writes.emplace_back(token.slot, token.position);
    return m_table.blocks_needed(writes) <= m_table.free_blocks();
}

void PagedKvCache::prepare_write(std::uint32_t slot, std::uint32_t position, cudaStream_t stream)
{
    const std::size_t before = m_table.free_blocks();
    const auto copy = m_table.prepare_write(slot, position);
    m_table_changed = m_table_changed || copy || m_table.free_blocks() != before;
    if (!copy)
        return;
    const std::size_t from = std::size_t(copy->from) * block_bytes();
    const std::size_t to = std::size_t(copy->to) * block_bytes();
    for (std::uint32_t layer = 0; layer < m_layers; ++layer)
        for (const DeviceBuffer* pool : { &m_keys, &m_values }) {
            auto* base = pool->as<std::byte>() + layer * m_layer_bytes;
            check(cudaMemcpyAsync(base + to, base + from, block_bytes(), cudaMemcpyDeviceToDevice, stream),
                "copying a shared KV block");
        }
}

void PagedKvCache::upload_table(cudaStream_t stream)
{
    if (!m_table_changed)
        return;
    const auto entries = m_table.entries();
    check(cudaMemcpyAsync(m_device_table.data(), entries.data(), entries.size_bytes(), cudaMemcpyHostToDevice, stream),
        "uploading the KV block table");
    // The copy reads host memory that later writes change: wait for it.
    check(cudaStreamSynchronize(stream), "uploading the KV block table");
    m_table_changed = false;
}

PagedKv PagedKvCache::layer(std::uint32_t layer) const
{
    PagedKv kv;
    kv.keys = reinterpret_cast<__half*>(m_keys.as<std::byte>() + layer * m_layer_bytes);
    kv.values = reinterpret_cast<__half*>(m_values.as<std::byte>() + layer * m_layer_bytes);
    kv.block_table = m_device_table.as<const int>();
    kv.max_blocks = static_cast<int>(m_table.blocks_per_slot());
    kv.kv_dim = static_cast<int>(m_kv_dim);
    return kv;
}

} // namespace hearth::cuda
