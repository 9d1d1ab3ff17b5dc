#include "engine/cuda/kv_block_table.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace hearth {

KvBlockTable::KvBlockTable(
    std::uint32_t slots, std::uint32_t positions_per_slot, std::uint32_t block_tokens, std::uint32_t pool_blocks)
    : m_slots(slots)
    , m_blocks_per_slot((positions_per_slot + block_tokens - 1) / block_tokens)
    , m_block_tokens(block_tokens)
    , m_entries(std::size_t { slots } * m_blocks_per_slot, -1)
{
    const std::uint32_t blocks = pool_blocks ? pool_blocks : slots * m_blocks_per_slot;
    m_references.assign(blocks, 0);
    m_free.reserve(blocks);
    // Lowest numbers first, so a short run touches the start of the pool.
    for (std::uint32_t block = blocks; block-- > 0;)
        m_free.push_back(static_cast<int>(block));
}

int KvBlockTable::take_block()
{
    if (m_free.empty())
        throw std::length_error("the KV cache's " + std::to_string(pool_blocks()) + " blocks are all in use");
    const int block = m_free.back();
    m_free.pop_back();
    m_references[static_cast<std::size_t>(block)] = 1;
    return block;
}

void KvBlockTable::drop(int& entry)
{
    if (entry < 0)
        return;
    if (--m_references[static_cast<std::size_t>(entry)] == 0)
        m_free.push_back(entry);
    entry = -1;
}

std::optional<KvBlockTable::BlockCopy> KvBlockTable::prepare_write(std::uint32_t slot, std::uint32_t position)
{
    if (slot >= m_slots || position / m_block_tokens >= m_blocks_per_slot)
        throw std::out_of_range(
            "KV position " + std::to_string(position) + " of slot " + std::to_string(slot) + " is outside the table");
    int& block = entry(slot, position / m_block_tokens);
    if (block < 0) {
        block = take_block();
        return std::nullopt;
    }
    if (m_references[static_cast<std::size_t>(block)] == 1)
        return std::nullopt;
    const BlockCopy copy { block, take_block() };
    --m_references[static_cast<std::size_t>(block)];
    block = copy.to;
    return copy;
}

void KvBlockTable::release(std::uint32_t slot, std::uint32_t keep)
{
    for (std::uint32_t index = (keep + m_block_tokens - 1) / m_block_tokens; index < m_blocks_per_slot; ++index)
        drop(entry(slot, index));
}

std::uint32_t KvBlockTable::blocks_needed(std::span<const std::pair<std::uint32_t, std::uint32_t>> writes) const
{
    std::vector<std::pair<std::uint32_t, std::uint32_t>> counted; // (slot, block index), a batch's few
    std::uint32_t needed = 0;
    for (const auto& [slot, position] : writes) {
        const std::pair<std::uint32_t, std::uint32_t> key { slot, position / m_block_tokens };
        if (std::find(counted.begin(), counted.end(), key) != counted.end())
            continue;
        counted.push_back(key);
        const int block = m_entries.at(std::size_t { slot } * m_blocks_per_slot + key.second);
        if (block < 0 || m_references[static_cast<std::size_t>(block)] > 1)
            ++needed;
    }
    return needed;
}

void KvBlockTable::share_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count)
{
    if (from == to)
        return;
    for (std::uint32_t index = 0; index < m_blocks_per_slot; ++index)
        drop(entry(to, index));
    const std::uint32_t shared = (count + m_block_tokens - 1) / m_block_tokens;
    for (std::uint32_t index = 0; index < shared && index < m_blocks_per_slot; ++index) {
        const int block = entry(from, index);
        if (block < 0)
            break;
        ++m_references[static_cast<std::size_t>(block)];
        entry(to, index) = block;
    }
}

} // namespace hearth
