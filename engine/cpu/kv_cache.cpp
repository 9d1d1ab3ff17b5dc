#include "engine/cpu/kv_cache.h"

#include <cstring>

#include "engine/model/model_config.h"

namespace hearth {

KvCache::KvCache(const ModelConfig& config, std::uint32_t context, std::uint32_t slot_count, KvCacheType type)
    : m_layers(config.shape.layers)
    , m_context(context)
    , m_slots(slot_count)
    , m_kv_dim(config.shape.kv_heads * config.shape.head_dim)
    , m_type(type)
{
    m_slot_bytes = std::size_t { m_context } * m_kv_dim * element_bytes();
    m_layer_bytes = m_slot_bytes * m_slots;
    // for_overwrite: no zero-fill, so untouched pages are never made resident.
    m_keys = std::make_unique_for_overwrite<std::byte[]>(m_layer_bytes * m_layers);
    m_values = std::make_unique_for_overwrite<std::byte[]>(m_layer_bytes * m_layers);
}

void KvCache::copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count, std::uint32_t first_layer)
{
    if (from == to || count == 0)
        return;
    const std::size_t bytes = std::size_t { count } * m_kv_dim * element_bytes();
    for (std::uint32_t layer = first_layer; layer < m_layers; ++layer) {
        std::memcpy(keys(layer, to), keys(layer, from), bytes);
        std::memcpy(values(layer, to), values(layer, from), bytes);
    }
}

} // namespace hearth
