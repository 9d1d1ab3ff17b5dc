#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace hearth {

// Which blocks of a pool hold each sequence slot's positions, for a KV cache
// kept in fixed-size blocks (the GPU's): a slot takes blocks as it grows, so
// memory follows the lengths actually reached; slots sharing a prompt prefix
// share its blocks (reference-counted), and a shared block is copied before
// anyone writes into it. Only bookkeeping: the caller moves the bytes.
class KvBlockTable {
public:
    // `pool_blocks` 0: enough for every slot at full length, so a write never
    // finds the pool empty.
    KvBlockTable(std::uint32_t slots, std::uint32_t positions_per_slot, std::uint32_t block_tokens,
        std::uint32_t pool_blocks = 0);

    struct BlockCopy {
        int from = 0;
        int to = 0;
    };

    // Makes `position` of `slot` writable: gives the slot a block there if it
    // has none, or its own copy of a shared one — then returns the copy the
    // caller must make before writing. Throws std::length_error when the pool
    // has no free block.
    std::optional<BlockCopy> prepare_write(std::uint32_t slot, std::uint32_t position);

    // Slot `to` drops its blocks and shares those of `from` that hold its
    // first `count` positions.
    void share_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count);

    // The slot gives up its blocks past its first `keep` positions.
    void release(std::uint32_t slot, std::uint32_t keep = 0);

    // Blocks prepare_write would take for these (slot, position) writes:
    // one for each block entry a slot lacks or shares; at most that many.
    std::uint32_t blocks_needed(std::span<const std::pair<std::uint32_t, std::uint32_t>> writes) const;

    // [slot][block index] block numbers, -1 where a slot has none.
    std::span<const int> entries() const { return m_entries; }
    std::uint32_t blocks_per_slot() const { return m_blocks_per_slot; }
    std::uint32_t block_tokens() const { return m_block_tokens; }
    std::uint32_t pool_blocks() const { return static_cast<std::uint32_t>(m_references.size()); }
    std::uint32_t free_blocks() const { return static_cast<std::uint32_t>(m_free.size()); }
    std::uint32_t references(int block) const { return m_references.at(static_cast<std::size_t>(block)); }

private:
    int& entry(std::uint32_t slot, std::uint32_t index) { return m_entries[slot * m_blocks_per_slot + index]; }
    int take_block();
    void drop(int& entry);

    std::uint32_t m_slots = 0;
    std::uint32_t m_blocks_per_slot = 0;
    std::uint32_t m_block_tokens = 0;
    std::vector<int> m_entries;
    std::vector<std::uint32_t> m_references; // per pool block
    std::vector<int> m_free; // blocks no slot holds, taken from the back
};

} // namespace hearth
