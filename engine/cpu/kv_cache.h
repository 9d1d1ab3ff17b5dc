#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "engine/model/kv_cache_type.h"

namespace hearth {

struct ModelConfig;

// Keys and values of every layer for a fixed number of sequence slots, each
// holding up to `context` positions. Laid out [layer][slot][position][kv_dim]
// so one head's keys for a sequence are evenly strided. The memory is
// allocated but not touched up front: pages become resident as the
// sequences grow.
class KvCache {
public:
    KvCache(const ModelConfig& config, std::uint32_t context, std::uint32_t slot_count, KvCacheType type);

    std::uint32_t context() const { return m_context; }
    std::uint32_t slot_count() const { return m_slots; }
    std::uint32_t kv_dim() const { return m_kv_dim; }
    KvCacheType type() const { return m_type; }
    std::size_t element_bytes() const { return m_type == KvCacheType::F16 ? 2 : 4; }
    std::size_t bytes() const { return 2 * m_layer_bytes * m_layers; }

    // The first position's row of a slot in a layer; rows follow every
    // kv_dim elements.
    std::byte* keys(std::uint32_t layer, std::uint32_t slot) { return row(m_keys.get(), layer, slot); }
    std::byte* values(std::uint32_t layer, std::uint32_t slot) { return row(m_values.get(), layer, slot); }

    // Slot `to`'s first `count` positions become slot `from`'s, in every
    // layer from `first_layer`.
    void copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count, std::uint32_t first_layer = 0);

private:
    std::byte* row(std::byte* base, std::uint32_t layer, std::uint32_t slot) const
    {
        return base + layer * m_layer_bytes + slot * m_slot_bytes;
    }

    std::uint32_t m_layers = 0;
    std::uint32_t m_context = 0;
    std::uint32_t m_slots = 0;
    std::uint32_t m_kv_dim = 0;
    KvCacheType m_type = KvCacheType::F16;
    std::size_t m_slot_bytes = 0;
    std::size_t m_layer_bytes = 0;
    std::unique_ptr<std::byte[]> m_keys;
    std::unique_ptr<std::byte[]> m_values;
};

} // namespace hearth
