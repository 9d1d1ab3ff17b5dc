#include <cstdint>
#include <cstring>

#include "engine/quant/block_quants.h"
#include "engine/quant/dequantize_blocks.h"
#include "engine/quant/half.h"
#include "engine/quant/iq_grids.h"

// The i-quants, IQ4, MXFP4 and the ternary formats. Sign codes and grid
// points are integers; each element is (block scale × level) × ±1 in float,
// the order ggml multiplies in.
namespace hearth::quant {

namespace {

std::uint8_t grid_byte(std::uint64_t point, std::size_t j)
{
    return static_cast<std::uint8_t>(point >> (8 * j));
}

float signed_by(std::uint8_t signs, std::size_t j)
{
    return signs & (1u << j) ? -1.f : 1.f;
}

// Eight elements of an 8-point grid, scaled by `scale`, signs from `signs`.
void expand_eight(float scale, std::uint64_t point, std::uint8_t signs, float* y)
{
    for (std::size_t j = 0; j < 8; ++j)
        y[j] = scale * grid_byte(point, j) * signed_by(signs, j);
}

// Eight elements of two 4-point grid entries.
void expand_two_fours(float scale, std::uint32_t first, std::uint32_t second, std::uint8_t signs, float* y)
{
    for (std::size_t j = 0; j < 4; ++j) {
        y[j] = scale * grid_byte(first, j) * signed_by(signs, j);
        y[j + 4] = scale * grid_byte(second, j) * signed_by(signs, j + 4);
    }
}

} // namespace

void dequantize_iq4_nl(const BlockIQ4NL* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, y += kBlock32) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t i = 0; i < kBlock32; ++i)
            y[i] = d * kIq4NlLevels[low_then_high_nibble(blocks[b].qs, i)];
    }
}

void dequantize_iq4_xs(const BlockIQ4XS* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t j = 0; j < 8; ++j, y += 32) {
            const float dl = d * iq4_xs_scale(blocks[b], j);
            for (std::size_t i = 0; i < 32; ++i)
                y[i] = dl * kIq4NlLevels[low_then_high_nibble(blocks[b].qs + 16 * j, i)];
        }
    }
}

void dequantize_mxfp4(const BlockMXFP4* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, y += kBlock32) {
        const float d = e8m0_half_to_float(blocks[b].e);
        for (std::size_t i = 0; i < kBlock32; ++i)
            y[i] = kMxfp4Levels[low_then_high_nibble(blocks[b].qs, i)] * d;
    }
}

void dequantize_iq2_xxs(const BlockIQ2XXS* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t j = 0; j < 8; ++j) {
            std::uint32_t words[2];
            std::memcpy(words, blocks[b].qs + 4 * j, sizeof words);
            const float db = d * (0.5f + (words[1] >> 28)) * 0.25f;
            for (std::size_t l = 0; l < 4; ++l, y += 8)
                expand_eight(db, kIq2XxsGrid[(words[0] >> (8 * l)) & 0xFF], sign_bits(words[1] >> (7 * l)), y);
        }
    }
}

void dequantize_iq2_xs(const BlockIQ2XS* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t j = 0; j < 8; ++j) {
            const float db[2]
                = { d * (0.5f + (blocks[b].scales[j] & 0xF)) * 0.25f, d * (0.5f + (blocks[b].scales[j] >> 4)) * 0.25f };
            for (std::size_t l = 0; l < 4; ++l, y += 8) {
                const std::uint16_t q = blocks[b].qs[4 * j + l];
                expand_eight(db[l / 2], kIq2XsGrid[q & 511], sign_bits(q >> 9), y);
            }
        }
    }
}

void dequantize_iq2_s(const BlockIQ2S* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const BlockIQ2S& block = blocks[b];
        const float d = fp16_to_float(block.d);
        const std::uint8_t* signs = block.qs + kSuperBlock / 8;
        for (std::size_t j = 0; j < 8; ++j) {
            const float db[2]
                = { d * (0.5f + (block.scales[j] & 0xF)) * 0.25f, d * (0.5f + (block.scales[j] >> 4)) * 0.25f };
            for (std::size_t l = 0; l < 4; ++l, y += 8) {
                const std::size_t index = block.qs[4 * j + l] | ((block.qh[j] << (8 - 2 * l)) & 0x300);
                expand_eight(db[l / 2], kIq2SGrid[index], signs[4 * j + l], y);
            }
        }
    }
}

void dequantize_iq3_xxs(const BlockIQ3XXS* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const BlockIQ3XXS& block = blocks[b];
        const float d = fp16_to_float(block.d);
        for (std::size_t j = 0; j < 8; ++j) {
            std::uint32_t word;
            std::memcpy(&word, block.qs + kSuperBlock / 4 + 4 * j, sizeof word);
            const float db = d * (0.5f + (word >> 28)) * 0.5f;
            const std::uint8_t* qs = block.qs + 8 * j;
            for (std::size_t l = 0; l < 4; ++l, y += 8)
                expand_two_fours(db, kIq3XxsGrid[qs[2 * l]], kIq3XxsGrid[qs[2 * l + 1]], sign_bits(word >> (7 * l)), y);
        }
    }
}

void dequantize_iq3_s(const BlockIQ3S* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const BlockIQ3S& block = blocks[b];
        const float d = fp16_to_float(block.d);
        for (std::size_t j = 0; j < 8; ++j) {
            const int scale = (block.scales[j / 2] >> (4 * (j % 2))) & 0xF;
            const float db = d * (1 + 2 * scale);
            const std::uint8_t* qs = block.qs + 8 * j;
            const unsigned high = block.qh[j];
            for (std::size_t l = 0; l < 4; ++l, y += 8) {
                const std::size_t first = qs[2 * l] | ((high << (8 - 2 * l)) & 256);
                const std::size_t second = qs[2 * l + 1] | ((high << (7 - 2 * l)) & 256);
                expand_two_fours(db, kIq3SGrid[first], kIq3SGrid[second], block.signs[4 * j + l], y);
            }
        }
    }
}

void dequantize_iq1_s(const BlockIQ1S* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const BlockIQ1S& block = blocks[b];
        const float d = fp16_to_float(block.d);
        for (std::size_t j = 0; j < 8; ++j) {
            const unsigned high = block.qh[j];
            const float dl = d * (2 * ((high >> 12) & 7) + 1);
            const float delta = high & 0x8000 ? -kIq1Delta : kIq1Delta;
            for (std::size_t l = 0; l < 4; ++l, y += 8) {
                const std::uint64_t point = kIq1SGrid[block.qs[4 * j + l] | (((high >> (3 * l)) & 7) << 8)];
                for (std::size_t e = 0; e < 8; ++e)
                    y[e] = dl * (static_cast<std::int8_t>(grid_byte(point, e)) + delta);
            }
        }
    }
}

void dequantize_iq1_m(const BlockIQ1M* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const BlockIQ1M& block = blocks[b];
        const float d = fp16_to_float(iq1_m_scale_bits(block));
        for (std::size_t j = 0; j < 8; ++j) {
            const std::uint8_t* qh = block.qh + 2 * j;
            for (std::size_t l = 0; l < 4; ++l, y += 8) {
                const float dl = d * (2 * iq1_m_group_scale(block, 2 * j + l / 2) + 1);
                const unsigned bits = qh[l / 2] >> (4 * (l % 2)); // index bits 8..10, then the offset's sign
                const std::uint64_t point = kIq1SGrid[block.qs[4 * j + l] | ((bits & 7) << 8)];
                const float delta = bits & 8 ? -kIq1Delta : kIq1Delta;
                for (std::size_t e = 0; e < 8; ++e)
                    y[e] = dl * (static_cast<std::int8_t>(grid_byte(point, e)) + delta);
            }
        }
    }
}

void dequantize_tq1_0(const BlockTQ1_0* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, y += kSuperBlock) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t i = 0; i < kSuperBlock; ++i)
            y[i] = static_cast<float>(tq1_0_trit(blocks[b], i) - 1) * d;
    }
}

void dequantize_tq2_0(const BlockTQ2_0* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, y += kSuperBlock) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t i = 0; i < kSuperBlock; ++i)
            y[i] = static_cast<float>(two_bit_quant(blocks[b].qs, i) - 1) * d;
    }
}

} // namespace hearth::quant
