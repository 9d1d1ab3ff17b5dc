#include "engine/quant/decoded_super_block.h"

#include <algorithm>
#include <cstring>

#include "engine/quant/block_quants.h"
#include "engine/quant/half.h"
#include "engine/quant/iq_grids.h"
#include "engine/quant/unsupported_type.h"

// The integers here are ggml's: its dot products form the same per-group
// sums and scale them by the same integers, and only the final float
// products may round differently (see vec_dot_reference.cpp).
namespace hearth::quant {

namespace {

std::int8_t grid_value(std::uint64_t point, std::size_t j)
{
    return static_cast<std::int8_t>(point >> (8 * j));
}

// Eight grid values with signs applied, into q.
void signed_eight(std::uint64_t point, std::uint8_t signs, std::int8_t* q)
{
    for (std::size_t j = 0; j < 8; ++j)
        q[j] = static_cast<std::int8_t>(signs & (1u << j) ? -grid_value(point, j) : grid_value(point, j));
}

void signed_two_fours(std::uint32_t first, std::uint32_t second, std::uint8_t signs, std::int8_t* q)
{
    signed_eight(first | (std::uint64_t(second) << 32), signs, q);
}

// One scale for both groups of 16 in the 32 elements of sub-block j.
void scale_pair(DecodedSuperBlock& out, std::size_t j, int scale)
{
    out.scales[2 * j] = out.scales[2 * j + 1] = static_cast<std::int16_t>(scale);
}

void decode_q2_k(const BlockQ2K& b, DecodedSuperBlock& out)
{
    for (std::size_t i = 0; i < kSuperBlock; ++i)
        out.q[i] = static_cast<std::int8_t>(two_bit_quant(b.qs, i));
    for (std::size_t g = 0; g < 16; ++g) {
        out.scales[g] = b.scales[g] & 0xF;
        out.offsets[g] = b.scales[g] >> 4;
    }
    out.d = fp16_to_float(b.d);
    out.offset_d = -fp16_to_float(b.dmin);
}

void decode_q3_k(const BlockQ3K& b, DecodedSuperBlock& out)
{
    for (std::size_t i = 0; i < kSuperBlock; ++i)
        out.q[i] = static_cast<std::int8_t>(q3_k_quant(b, i));
    for (std::size_t g = 0; g < 16; ++g)
        out.scales[g] = static_cast<std::int16_t>(q3_k_scale(b, g));
    out.d = fp16_to_float(b.d);
}

void decode_iq4_xs(const BlockIQ4XS& b, DecodedSuperBlock& out)
{
    for (std::size_t j = 0; j < 8; ++j) {
        for (std::size_t i = 0; i < 32; ++i)
            out.q[32 * j + i] = kIq4NlLevels[low_then_high_nibble(b.qs + 16 * j, i)];
        scale_pair(out, j, iq4_xs_scale(b, j));
    }
    out.d = fp16_to_float(b.d);
}

// IQ2 and IQ3: ggml scales each sub-block by an odd integer 2s + 1 and the
// whole by 1/8 (IQ2) or 1/4 (IQ3_XXS); the fraction goes into d.
void decode_iq2_xxs(const BlockIQ2XXS& b, DecodedSuperBlock& out)
{
    for (std::size_t j = 0; j < 8; ++j) {
        std::uint32_t words[2];
        std::memcpy(words, b.qs + 4 * j, sizeof words);
        for (std::size_t l = 0; l < 4; ++l)
            signed_eight(
                kIq2XxsGrid[(words[0] >> (8 * l)) & 0xFF], sign_bits(words[1] >> (7 * l)), out.q + 32 * j + 8 * l);
        scale_pair(out, j, 2 * static_cast<int>(words[1] >> 28) + 1);
    }
    out.d = fp16_to_float(b.d) * 0.125f;
}

void decode_iq2_xs(const BlockIQ2XS& b, DecodedSuperBlock& out)
{
    for (std::size_t j = 0; j < 8; ++j) {
        for (std::size_t l = 0; l < 4; ++l) {
            const std::uint16_t q = b.qs[4 * j + l];
            signed_eight(kIq2XsGrid[q & 511], sign_bits(q >> 9), out.q + 32 * j + 8 * l);
        }
        out.scales[2 * j] = static_cast<std::int16_t>(2 * (b.scales[j] & 0xF) + 1);
        out.scales[2 * j + 1] = static_cast<std::int16_t>(2 * (b.scales[j] >> 4) + 1);
    }
    out.d = fp16_to_float(b.d) * 0.125f;
}

void decode_iq2_s(const BlockIQ2S& b, DecodedSuperBlock& out)
{
    const std::uint8_t* signs = b.qs + kSuperBlock / 8;
    for (std::size_t j = 0; j < 8; ++j) {
        for (std::size_t l = 0; l < 4; ++l) {
            const std::size_t index = b.qs[4 * j + l] | ((b.qh[j] << (8 - 2 * l)) & 0x300);
            signed_eight(kIq2SGrid[index], signs[4 * j + l], out.q + 32 * j + 8 * l);
        }
        out.scales[2 * j] = static_cast<std::int16_t>(2 * (b.scales[j] & 0xF) + 1);
        out.scales[2 * j + 1] = static_cast<std::int16_t>(2 * (b.scales[j] >> 4) + 1);
    }
    out.d = fp16_to_float(b.d) * 0.125f;
}

void decode_iq3_xxs(const BlockIQ3XXS& b, DecodedSuperBlock& out)
{
    for (std::size_t j = 0; j < 8; ++j) {
        std::uint32_t word;
        std::memcpy(&word, b.qs + kSuperBlock / 4 + 4 * j, sizeof word);
        const std::uint8_t* qs = b.qs + 8 * j;
        for (std::size_t l = 0; l < 4; ++l)
            signed_two_fours(
                kIq3XxsGrid[qs[2 * l]], kIq3XxsGrid[qs[2 * l + 1]], sign_bits(word >> (7 * l)), out.q + 32 * j + 8 * l);
        scale_pair(out, j, 2 * static_cast<int>(word >> 28) + 1);
    }
    out.d = fp16_to_float(b.d) * 0.25f;
}

void decode_iq3_s(const BlockIQ3S& b, DecodedSuperBlock& out)
{
    for (std::size_t j = 0; j < 8; ++j) {
        const std::uint8_t* qs = b.qs + 8 * j;
        const unsigned high = b.qh[j];
        for (std::size_t l = 0; l < 4; ++l) {
            const std::size_t first = qs[2 * l] | ((high << (8 - 2 * l)) & 256);
            const std::size_t second = qs[2 * l + 1] | ((high << (7 - 2 * l)) & 256);
            signed_two_fours(kIq3SGrid[first], kIq3SGrid[second], b.signs[4 * j + l], out.q + 32 * j + 8 * l);
        }
        scale_pair(out, j, 2 * ((b.scales[j / 2] >> (4 * (j % 2))) & 0xF) + 1);
    }
    out.d = fp16_to_float(b.d);
}

// IQ1: element = scale · (grid ± 1/8). Stored here as 8 · grid ± 1 with d / 8,
// which is ggml's sum (Σ scale · grid · x + 1/8 · Σ scale · ±1 · x) in one
// integer: 8 × the first plus the second.
void iq1_eight(std::uint64_t point, bool negative_offset, std::int8_t* q)
{
    for (std::size_t e = 0; e < 8; ++e)
        q[e] = static_cast<std::int8_t>(8 * grid_value(point, e) + (negative_offset ? -1 : 1));
}

void decode_iq1_s(const BlockIQ1S& b, DecodedSuperBlock& out)
{
    for (std::size_t j = 0; j < 8; ++j) {
        const unsigned high = b.qh[j];
        for (std::size_t l = 0; l < 4; ++l)
            iq1_eight(
                kIq1SGrid[b.qs[4 * j + l] | (((high >> (3 * l)) & 7) << 8)], high & 0x8000, out.q + 32 * j + 8 * l);
        scale_pair(out, j, 2 * static_cast<int>((high >> 12) & 7) + 1);
    }
    out.d = fp16_to_float(b.d) * 0.125f;
}

void decode_iq1_m(const BlockIQ1M& b, DecodedSuperBlock& out)
{
    for (std::size_t j = 0; j < 8; ++j) {
        for (std::size_t l = 0; l < 4; ++l) {
            const unsigned bits = b.qh[2 * j + l / 2] >> (4 * (l % 2));
            iq1_eight(kIq1SGrid[b.qs[4 * j + l] | ((bits & 7) << 8)], bits & 8, out.q + 32 * j + 8 * l);
        }
    }
    for (std::size_t g = 0; g < 16; ++g)
        out.scales[g] = static_cast<std::int16_t>(2 * iq1_m_group_scale(b, g) + 1);
    out.d = fp16_to_float(iq1_m_scale_bits(b)) * 0.125f;
}

void decode_tq1_0(const BlockTQ1_0& b, DecodedSuperBlock& out)
{
    for (std::size_t i = 0; i < kSuperBlock; ++i)
        out.q[i] = static_cast<std::int8_t>(tq1_0_trit(b, i) - 1);
    std::fill(std::begin(out.scales), std::end(out.scales), 1);
    out.d = fp16_to_float(b.d);
}

void decode_tq2_0(const BlockTQ2_0& b, DecodedSuperBlock& out)
{
    for (std::size_t i = 0; i < kSuperBlock; ++i)
        out.q[i] = static_cast<std::int8_t>(two_bit_quant(b.qs, i) - 1);
    std::fill(std::begin(out.scales), std::end(out.scales), 1);
    out.d = fp16_to_float(b.d);
}

template <class Block> const Block& block_at(const void* row, std::size_t index)
{
    return static_cast<const Block*>(row)[index];
}

} // namespace

bool decodes_to_super_block(GgmlType type)
{
    switch (type) {
    case GgmlType::Q2_K:
    case GgmlType::Q3_K:
    case GgmlType::IQ4_XS:
    case GgmlType::IQ3_XXS:
    case GgmlType::IQ3_S:
    case GgmlType::IQ2_XXS:
    case GgmlType::IQ2_XS:
    case GgmlType::IQ2_S:
    case GgmlType::IQ1_S:
    case GgmlType::IQ1_M:
    case GgmlType::TQ1_0:
    case GgmlType::TQ2_0:
        return true;
    default:
        return false;
    }
}

void decode_super_block(GgmlType type, const void* row, std::size_t index, DecodedSuperBlock& out)
{
    std::fill(std::begin(out.offsets), std::end(out.offsets), 0);
    out.offset_d = 0;
    switch (type) {
    case GgmlType::Q2_K:
        return decode_q2_k(block_at<BlockQ2K>(row, index), out);
    case GgmlType::Q3_K:
        return decode_q3_k(block_at<BlockQ3K>(row, index), out);
    case GgmlType::IQ4_XS:
        return decode_iq4_xs(block_at<BlockIQ4XS>(row, index), out);
    case GgmlType::IQ2_XXS:
        return decode_iq2_xxs(block_at<BlockIQ2XXS>(row, index), out);
    case GgmlType::IQ2_XS:
        return decode_iq2_xs(block_at<BlockIQ2XS>(row, index), out);
    case GgmlType::IQ2_S:
        return decode_iq2_s(block_at<BlockIQ2S>(row, index), out);
    case GgmlType::IQ3_XXS:
        return decode_iq3_xxs(block_at<BlockIQ3XXS>(row, index), out);
    case GgmlType::IQ3_S:
        return decode_iq3_s(block_at<BlockIQ3S>(row, index), out);
    case GgmlType::IQ1_S:
        return decode_iq1_s(block_at<BlockIQ1S>(row, index), out);
    case GgmlType::IQ1_M:
        return decode_iq1_m(block_at<BlockIQ1M>(row, index), out);
    case GgmlType::TQ1_0:
        return decode_tq1_0(block_at<BlockTQ1_0>(row, index), out);
    case GgmlType::TQ2_0:
        return decode_tq2_0(block_at<BlockTQ2_0>(row, index), out);
    default:
        unsupported_type("decode_super_block", type);
    }
}

} // namespace hearth::quant
