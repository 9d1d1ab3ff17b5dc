// The paged KV cache's bookkeeping: slots take blocks as they grow, share a
// prefix's blocks, copy a shared block before writing into it, and give
// blocks back to the pool when no slot holds them.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "engine/cuda/kv_block_table.h"

namespace hearth {
namespace {

int block_at(const KvBlockTable& table, std::uint32_t slot, std::uint32_t index)
{
    return table.entries()[slot * table.blocks_per_slot() + index];
}

TEST(KvBlockTable, SlotsTakeBlocksOnlyAsTheyGrow)
{
    KvBlockTable table(4, 100, 32); // 4 blocks a slot, 16 in the pool
    EXPECT_EQ(table.blocks_per_slot(), 4u);
    EXPECT_EQ(table.pool_blocks(), 16u);
    for (std::uint32_t position = 0; position < 40; ++position)
        EXPECT_FALSE(table.prepare_write(1, position).has_value());
    EXPECT_EQ(table.free_blocks(), 14u);
    EXPECT_GE(block_at(table, 1, 0), 0);
    EXPECT_GE(block_at(table, 1, 1), 0);
    EXPECT_NE(block_at(table, 1, 0), block_at(table, 1, 1));
    EXPECT_EQ(block_at(table, 1, 2), -1);
    EXPECT_EQ(block_at(table, 0, 0), -1);
}

TEST(KvBlockTable, ASharedPrefixIsCopiedOnlyWhereWritten)
{
    KvBlockTable table(2, 128, 32);
    for (std::uint32_t position = 0; position < 80; ++position)
        table.prepare_write(0, position); // blocks 0, 1 full, 2 partly
    table.share_prefix(0, 1, 70);
    for (std::uint32_t index = 0; index < 3; ++index) {
        EXPECT_EQ(block_at(table, 1, index), block_at(table, 0, index));
        EXPECT_EQ(table.references(block_at(table, 0, index)), 2u);
    }
    EXPECT_EQ(table.free_blocks(), 8u - 3u);

    // Slot 1 goes on from position 70, inside the shared third block: that
    // block is copied, the full ones stay shared.
    const int shared = block_at(table, 1, 2);
    const auto copy = table.prepare_write(1, 70);
    ASSERT_TRUE(copy.has_value());
    EXPECT_EQ(copy->from, shared);
    EXPECT_NE(copy->to, shared);
    EXPECT_EQ(block_at(table, 1, 2), copy->to);
    EXPECT_EQ(block_at(table, 0, 2), shared);
    EXPECT_EQ(table.references(shared), 1u);
    EXPECT_FALSE(table.prepare_write(1, 71).has_value());
    // Slot 0 writing into its own third block copies nothing now.
    EXPECT_FALSE(table.prepare_write(0, 80).has_value());
    EXPECT_EQ(table.references(block_at(table, 0, 0)), 2u);
}

TEST(KvBlockTable, BlocksNoSlotHoldsReturnToThePool)
{
    KvBlockTable table(2, 64, 32);
    for (std::uint32_t position = 0; position < 64; ++position)
        table.prepare_write(0, position);
    for (std::uint32_t position = 0; position < 10; ++position)
        table.prepare_write(1, position);
    EXPECT_EQ(table.free_blocks(), 1u);
    table.share_prefix(1, 0, 10); // slot 0 gives up both its blocks, shares slot 1's first
    EXPECT_EQ(table.free_blocks(), 3u);
    EXPECT_EQ(block_at(table, 0, 0), block_at(table, 1, 0));
    EXPECT_EQ(block_at(table, 0, 1), -1);
    table.share_prefix(0, 1, 0); // slot 1 keeps nothing: the shared block is slot 0's alone
    EXPECT_EQ(table.references(block_at(table, 0, 0)), 1u);
    EXPECT_EQ(table.free_blocks(), 3u);
}

TEST(KvBlockTable, AFullPoolNeverRunsOutAndASmallOneSaysSo)
{
    // The default pool: every slot at full length, with prefixes shared and
    // copied back and forth, always has a block to give.
    KvBlockTable table(3, 96, 32);
    for (int round = 0; round < 5; ++round)
        for (std::uint32_t slot = 0; slot < 3; ++slot) {
            table.share_prefix((slot + 1) % 3, slot, 40);
            for (std::uint32_t position = 40; position < 96; ++position)
                table.prepare_write(slot, position);
        }
    std::set<int> held;
    for (const int block : table.entries())
        if (block >= 0)
            held.insert(block);
    EXPECT_EQ(held.size() + table.free_blocks(), table.pool_blocks());

    KvBlockTable small(2, 64, 32, 3);
    for (std::uint32_t position = 0; position < 64; ++position)
        small.prepare_write(0, position);
    small.prepare_write(1, 0);
    EXPECT_THROW(small.prepare_write(1, 32), std::length_error);
    EXPECT_THROW(small.prepare_write(1, 64), std::out_of_range);
}

} // namespace
} // namespace hearth

namespace hearth {
namespace {

TEST(KvBlockTable, CountsTheBlocksABatchWouldTakeAndGivesAReleasedSlotsBack)
{
    KvBlockTable table(2, 128, 32, 5);
    for (std::uint32_t position = 0; position < 40; ++position)
        table.prepare_write(0, position); // blocks 0 and 1 of slot 0
    table.share_prefix(0, 1, 40);
    using Write = std::pair<std::uint32_t, std::uint32_t>;
    // Slot 0 at 40 writes into its shared second block: one copy; at 64 a new block.
    const std::vector<Write> writes { { 0, 40 }, { 0, 41 }, { 0, 64 }, { 1, 10 } };
    EXPECT_EQ(table.blocks_needed(writes), 3u); // slot 1's first block is shared too
    std::uint32_t taken = table.free_blocks();
    for (const auto& [slot, position] : writes)
        table.prepare_write(slot, position);
    taken -= table.free_blocks();
    EXPECT_LE(taken, 3u);
    EXPECT_EQ(table.blocks_needed(std::vector<Write> { { 0, 42 } }), 0u);

    table.release(1, 32); // keeps its first block
    EXPECT_NE(block_at(table, 1, 0), -1);
    EXPECT_EQ(block_at(table, 1, 1), -1);
    table.release(1);
    EXPECT_EQ(block_at(table, 1, 0), -1);
    EXPECT_EQ(table.references(block_at(table, 0, 0)), 1u);
    EXPECT_EQ(table.free_blocks() + 3u, table.pool_blocks()); // slot 0 holds 3 blocks
}

} // namespace
} // namespace hearth
