#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/model/kv_cache_type.h"

namespace hearth {

struct ModelConfig;

// Keys and values of every layer for a fixed number of sequence slots, each
// holding up to `context` positions. Laid out [layer][slot][row][kv_dim]
// so one head's keys for a sequence are evenly strided. The memory is
// allocated but not touched up front: pages become resident as the
// sequences grow.
//
// A sliding-window layer keeps only what its window can still see: a ring
// of R = window + kSlidingWindowSlack positions (model_shape.h), position p
// in row p mod R and again in row p mod R + R, so any R consecutive
// positions are consecutive rows. A batch may add up to kSlidingWindowSlack
// positions to a slot while its first queries still see theirs.
class KvCache {
public:
    KvCache(const ModelConfig& config, std::uint32_t context, std::uint32_t slot_count, KvCacheType type);

    std::uint32_t context() const { return m_context; }
    std::uint32_t slot_count() const { return m_slots; }
    std::uint32_t kv_dim() const { return m_kv_dim; }
    KvCacheType type() const { return m_type; }
    std::size_t element_bytes() const { return m_type == KvCacheType::F16 ? 2 : 4; }
    std::size_t bytes() const { return 2 * m_offsets.back(); }

    // The first row of a slot in a layer; rows follow every kv_dim elements.
    std::byte* keys(std::uint32_t layer, std::uint32_t slot) { return row(m_keys.get(), layer, slot); }
    std::byte* values(std::uint32_t layer, std::uint32_t slot) { return row(m_values.get(), layer, slot); }

    // The layer's ring length R, or 0 when it keeps every position (row = position).
    std::uint32_t ring(std::uint32_t layer) const { return m_rings[layer]; }
    // Stores one position's keys or values (kv_dim floats) into the layer's
    // rows for it (two for a ring), converted as the matmuls convert
    // activations (F16 as the CPU's F16C does).
    void store(std::byte* first_row, std::uint32_t layer, std::uint32_t position, const float* values) const;
    // The position held in the row that `keys` and `values` return for a
    // batch whose attention reaches back to `lowest`: its rows from there on
    // are consecutive.
    std::uint32_t origin(std::uint32_t layer, std::uint32_t lowest) const
    {
        return m_rings[layer] ? lowest - lowest % m_rings[layer] : 0;
    }

    // Of `common` cached positions a new sequence shares with a slot that
    // holds `held`, how many it can keep: all, unless a ring has since
    // overwritten what the next positions' windows need.
    std::uint32_t reusable(std::uint32_t held, std::uint32_t common) const;

    // Slot `to`'s first `count` positions become slot `from`'s, in every
    // layer from `first_layer`.
    void copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count, std::uint32_t first_layer = 0);

private:
    std::byte* row(std::byte* base, std::uint32_t layer, std::uint32_t slot) const
    {
        return base + m_offsets[layer] + slot * m_slot_bytes[layer];
    }

    std::uint32_t m_layers = 0;
    std::uint32_t m_context = 0;
    std::uint32_t m_slots = 0;
    std::uint32_t m_kv_dim = 0;
    KvCacheType m_type = KvCacheType::F16;
    std::vector<std::uint32_t> m_rings; // per layer: R, or 0
    std::vector<std::size_t> m_slot_bytes; // per layer
    std::vector<std::size_t> m_offsets; // per layer, and the end: where its slots begin
    std::unique_ptr<std::byte[]> m_keys;
    std::unique_ptr<std::byte[]> m_values;
};

} // namespace hearth
