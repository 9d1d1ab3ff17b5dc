#include "engine/cpu/kv_cache.h"

#include <algorithm>
#include <cstring>

#include "engine/model/model_config.h"
#include "engine/quant/quantize_activations.h"

namespace hearth {

KvCache::KvCache(const ModelConfig& config, std::uint32_t context, std::uint32_t slot_count, KvCacheType type)
    : m_layers(config.shape.layers)
    , m_context(context)
    , m_slots(slot_count)
    , m_kv_dim(config.shape.kv_heads * config.shape.head_dim)
    , m_type(type)
{
    m_offsets.push_back(0);
    for (std::uint32_t layer = 0; layer < m_layers; ++layer) {
        // The planner's rows (windowed_cache_rows): a ring where it is smaller.
        const std::uint64_t rows
            = config.windowed(layer) ? windowed_cache_rows(config.sliding_window, context) : context;
        m_rings.push_back(rows < context ? static_cast<std::uint32_t>(rows / 2) : 0);
        m_slot_bytes.push_back(rows * m_kv_dim * element_bytes());
        m_offsets.push_back(m_offsets.back() + m_slot_bytes.back() * m_slots);
    }
    // for_overwrite: no zero-fill, so untouched pages are never made resident.
    m_keys = std::make_unique_for_overwrite<std::byte[]>(m_offsets.back());
    m_values = std::make_unique_for_overwrite<std::byte[]>(m_offsets.back());
}

void KvCache::store(std::byte* first_row, std::uint32_t layer, std::uint32_t position, const float* values) const
{
    const std::size_t row_bytes = std::size_t { m_kv_dim } * element_bytes();
    const std::uint32_t ring = m_rings[layer];
    std::byte* row = first_row + (ring ? position % ring : position) * row_bytes;
    quant::quantize_activations_row(m_type == KvCacheType::F16 ? GgmlType::F16 : GgmlType::F32, values, row, m_kv_dim);
    if (ring)
        std::memcpy(row + std::size_t { ring } * row_bytes, row, row_bytes);
}

std::uint32_t KvCache::reusable(std::uint32_t held, std::uint32_t common) const
{
    // A ring of R holds the last R positions written; the window of the
    // position after the prefix reaches back window - 1 = R - kSlidingWindowSlack - 1.
    const bool ringed = std::any_of(m_rings.begin(), m_rings.end(), [](std::uint32_t r) { return r > 0; });
    return !ringed || held - common < kSlidingWindowSlack ? common : 0;
}

void KvCache::copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count, std::uint32_t first_layer)
{
    if (from == to || count == 0)
        return;
    for (std::uint32_t layer = first_layer; layer < m_layers; ++layer) {
        // A ring is copied whole: its rows are not in position order.
        const std::size_t bytes
            = m_rings[layer] ? m_slot_bytes[layer] : std::size_t { count } * m_kv_dim * element_bytes();
        std::memcpy(keys(layer, to), keys(layer, from), bytes);
        std::memcpy(values(layer, to), values(layer, from), bytes);
    }
}

} // namespace hearth
