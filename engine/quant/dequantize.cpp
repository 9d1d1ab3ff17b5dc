#include "engine/quant/dequantize.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>

#include "engine/quant/block_formats.h"
#include "engine/quant/block_quants.h"
#include "engine/quant/dequantize_blocks.h"
#include "engine/quant/half.h"
#include "engine/quant/unsupported_type.h"

// Each expansion evaluates the same float expressions in the same order as
// ggml's dequantize_row_* (scale products first, then the quant), so the
// floats are identical, not just close.
namespace hearth::quant {

namespace {

void dequantize_q4_0(const BlockQ4_0* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, y += kBlock32) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t j = 0; j < kBlock32 / 2; ++j) {
            y[j] = static_cast<float>((blocks[b].qs[j] & 0xF) - 8) * d;
            y[j + kBlock32 / 2] = static_cast<float>((blocks[b].qs[j] >> 4) - 8) * d;
        }
    }
}

void dequantize_q8_0(const BlockQ8_0* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, y += kBlock32) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t j = 0; j < kBlock32; ++j)
            y[j] = static_cast<float>(blocks[b].qs[j]) * d;
    }
}

// Q4_K and Q5_K: eight sub-blocks of 32, element = d * scale * quant - dmin * min.
template <typename Block, int (*Quant)(const Block&, std::size_t sub, std::size_t l)>
void dequantize_k_asymmetric(const Block* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const Block& block = blocks[b];
        const float d = fp16_to_float(block.d);
        const float dmin = fp16_to_float(block.dmin);
        for (std::size_t sub = 0; sub < 8; ++sub, y += 32) {
            const KScaleMin sm = unpack_k_scale_min(block.scales, sub);
            const float scale = d * sm.scale;
            const float min = dmin * sm.min;
            for (std::size_t l = 0; l < 32; ++l)
                y[l] = scale * static_cast<float>(Quant(block, sub, l)) - min;
        }
    }
}

// Q6_K: two halves of 128; in each, ql's 64 bytes hold elements 0-31 and
// 32-63 in their low nibbles and 64-95, 96-127 in their high ones, and
// qh[l] holds the top two bits of elements l, l+32, l+64, l+96.
void dequantize_q6_k(const BlockQ6K* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const BlockQ6K& block = blocks[b];
        const float d = fp16_to_float(block.d);
        for (std::size_t half = 0; half < 2; ++half, y += 128) {
            const std::uint8_t* ql = block.ql + 64 * half;
            const std::uint8_t* qh = block.qh + 32 * half;
            const std::int8_t* scales = block.scales + 8 * half;
            for (std::size_t l = 0; l < 32; ++l) {
                for (std::size_t quarter = 0; quarter < 4; ++quarter) {
                    const int low = (ql[l + 32 * (quarter % 2)] >> (4 * (quarter / 2))) & 0xF;
                    const int high = (qh[l] >> (2 * quarter)) & 3;
                    const int q = (low | (high << 4)) - 32;
                    const std::size_t group = l / 16 + 2 * quarter;
                    y[l + 32 * quarter] = d * scales[group] * static_cast<float>(q);
                }
            }
        }
    }
}

void dequantize_q8_k(const BlockQ8K* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, y += kSuperBlock) {
        for (std::size_t j = 0; j < kSuperBlock; ++j)
            y[j] = blocks[b].d * static_cast<float>(blocks[b].qs[j]);
    }
}

template <typename Half, float (*ToFloat)(std::uint16_t)> void widen(const void* src, float* y, std::size_t n)
{
    const auto* h = static_cast<const Half*>(src);
    for (std::size_t i = 0; i < n; ++i)
        y[i] = ToFloat(h[i]);
}

} // namespace

void dequantize_q4_1(const BlockQ4_1* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, y += kBlock32) {
        const float d = fp16_to_float(blocks[b].d);
        const float m = fp16_to_float(blocks[b].m);
        for (std::size_t i = 0; i < kBlock32; ++i)
            y[i] = low_then_high_nibble(blocks[b].qs, i) * d + m;
    }
}

void dequantize_q5_0(const BlockQ5_0* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, y += kBlock32) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t i = 0; i < kBlock32; ++i)
            y[i] = (q5_quant(blocks[b].qs, blocks[b].qh, i) - 16) * d;
    }
}

void dequantize_q5_1(const BlockQ5_1* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, y += kBlock32) {
        const float d = fp16_to_float(blocks[b].d);
        const float m = fp16_to_float(blocks[b].m);
        for (std::size_t i = 0; i < kBlock32; ++i)
            y[i] = q5_quant(blocks[b].qs, blocks[b].qh, i) * d + m;
    }
}

void dequantize_q8_1(const BlockQ8_1* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, y += kBlock32) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t i = 0; i < kBlock32; ++i)
            y[i] = blocks[b].qs[i] * d;
    }
}

// Q2_K: per group of 16, (d * scale) * quant - (dmin * min).
void dequantize_q2_k(const BlockQ2K* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const float d = fp16_to_float(blocks[b].d);
        const float dmin = fp16_to_float(blocks[b].dmin);
        for (std::size_t g = 0; g < 16; ++g) {
            const float dl = d * (blocks[b].scales[g] & 0xF);
            const float ml = dmin * (blocks[b].scales[g] >> 4);
            for (std::size_t i = 16 * g; i < 16 * g + 16; ++i)
                *y++ = dl * two_bit_quant(blocks[b].qs, i) - ml;
        }
    }
}

void dequantize_q3_k(const BlockQ3K* blocks, float* y, std::size_t n)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const float d = fp16_to_float(blocks[b].d);
        for (std::size_t g = 0; g < 16; ++g) {
            const float dl = d * q3_k_scale(blocks[b], g);
            for (std::size_t i = 16 * g; i < 16 * g + 16; ++i)
                *y++ = dl * q3_k_quant(blocks[b], i);
        }
    }
}

bool is_supported_weight_type(GgmlType type)
{
    switch (type) {
    case GgmlType::F32:
    case GgmlType::F16:
    case GgmlType::BF16:
    case GgmlType::Q4_0:
    case GgmlType::Q8_0:
    case GgmlType::Q4_K:
    case GgmlType::Q5_K:
    case GgmlType::Q6_K:
    case GgmlType::Q4_1:
    case GgmlType::Q5_0:
    case GgmlType::Q5_1:
    case GgmlType::Q2_K:
    case GgmlType::Q3_K:
    case GgmlType::IQ4_NL:
    case GgmlType::IQ4_XS:
    case GgmlType::IQ3_XXS:
    case GgmlType::IQ3_S:
    case GgmlType::IQ2_XXS:
    case GgmlType::IQ2_XS:
    case GgmlType::IQ2_S:
    case GgmlType::IQ1_S:
    case GgmlType::IQ1_M:
    case GgmlType::MXFP4:
    case GgmlType::TQ1_0:
    case GgmlType::TQ2_0:
        return true;
    default:
        return false;
    }
}

std::vector<std::string> unrunnable_type_names(std::span<const std::uint32_t> type_ids)
{
    std::vector<std::uint32_t> ids(type_ids.begin(), type_ids.end());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<std::string> names;
    for (const std::uint32_t id : ids) {
        const auto traits = ggml_type_traits(id);
        if (!traits)
            names.push_back("type " + std::to_string(id));
        else if (!is_supported_weight_type(static_cast<GgmlType>(id)))
            names.emplace_back(traits->name);
    }
    return names;
}

void dequantize_row(GgmlType type, const void* src, float* dst, std::size_t n)
{
    switch (type) {
    case GgmlType::F32:
        std::memcpy(dst, src, n * sizeof(float));
        return;
    case GgmlType::F16:
        return widen<std::uint16_t, fp16_to_float>(src, dst, n);
    case GgmlType::BF16:
        return widen<std::uint16_t, bf16_to_float>(src, dst, n);
    case GgmlType::Q4_0:
        assert(n % kBlock32 == 0);
        return dequantize_q4_0(static_cast<const BlockQ4_0*>(src), dst, n);
    case GgmlType::Q8_0:
        assert(n % kBlock32 == 0);
        return dequantize_q8_0(static_cast<const BlockQ8_0*>(src), dst, n);
    case GgmlType::Q4_K:
        assert(n % kSuperBlock == 0);
        return dequantize_k_asymmetric<BlockQ4K, q4_k_quant>(static_cast<const BlockQ4K*>(src), dst, n);
    case GgmlType::Q5_K:
        assert(n % kSuperBlock == 0);
        return dequantize_k_asymmetric<BlockQ5K, q5_k_quant>(static_cast<const BlockQ5K*>(src), dst, n);
    case GgmlType::Q6_K:
        assert(n % kSuperBlock == 0);
        return dequantize_q6_k(static_cast<const BlockQ6K*>(src), dst, n);
    case GgmlType::Q8_K:
        assert(n % kSuperBlock == 0);
        return dequantize_q8_k(static_cast<const BlockQ8K*>(src), dst, n);
    case GgmlType::Q4_1:
        return dequantize_q4_1(static_cast<const BlockQ4_1*>(src), dst, n);
    case GgmlType::Q5_0:
        return dequantize_q5_0(static_cast<const BlockQ5_0*>(src), dst, n);
    case GgmlType::Q5_1:
        return dequantize_q5_1(static_cast<const BlockQ5_1*>(src), dst, n);
    case GgmlType::Q8_1:
        return dequantize_q8_1(static_cast<const BlockQ8_1*>(src), dst, n);
    case GgmlType::Q2_K:
        return dequantize_q2_k(static_cast<const BlockQ2K*>(src), dst, n);
    case GgmlType::Q3_K:
        return dequantize_q3_k(static_cast<const BlockQ3K*>(src), dst, n);
    case GgmlType::IQ4_NL:
        return dequantize_iq4_nl(static_cast<const BlockIQ4NL*>(src), dst, n);
    case GgmlType::IQ4_XS:
        return dequantize_iq4_xs(static_cast<const BlockIQ4XS*>(src), dst, n);
    case GgmlType::MXFP4:
        return dequantize_mxfp4(static_cast<const BlockMXFP4*>(src), dst, n);
    case GgmlType::IQ2_XXS:
        return dequantize_iq2_xxs(static_cast<const BlockIQ2XXS*>(src), dst, n);
    case GgmlType::IQ2_XS:
        return dequantize_iq2_xs(static_cast<const BlockIQ2XS*>(src), dst, n);
    case GgmlType::IQ2_S:
        return dequantize_iq2_s(static_cast<const BlockIQ2S*>(src), dst, n);
    case GgmlType::IQ3_XXS:
        return dequantize_iq3_xxs(static_cast<const BlockIQ3XXS*>(src), dst, n);
    case GgmlType::IQ3_S:
        return dequantize_iq3_s(static_cast<const BlockIQ3S*>(src), dst, n);
    case GgmlType::IQ1_S:
        return dequantize_iq1_s(static_cast<const BlockIQ1S*>(src), dst, n);
    case GgmlType::IQ1_M:
        return dequantize_iq1_m(static_cast<const BlockIQ1M*>(src), dst, n);
    case GgmlType::TQ1_0:
        return dequantize_tq1_0(static_cast<const BlockTQ1_0*>(src), dst, n);
    case GgmlType::TQ2_0:
        return dequantize_tq2_0(static_cast<const BlockTQ2_0*>(src), dst, n);
    default:
        unsupported_type("dequantize_row", type);
    }
}

} // namespace hearth::quant
