#include "engine/quant/vec_dot.h"

#include <cassert>
#include <cmath>
#include <cstdint>

#include "engine/quant/block_formats.h"
#include "engine/quant/block_quants.h"
#include "engine/quant/decoded_super_block.h"
#include "engine/quant/half.h"
#include "engine/quant/iq_grids.h"
#include "engine/quant/unsupported_type.h"

// Scalar dot products in ggml's arithmetic: quants multiply as integers, each
// block's (or sub-block's) integer sum is scaled once, and only those scaled
// block sums are added in float. The SIMD kernels of cpu/ do the same integer
// work, so they can agree with these to the rounding of that last float sum.
// For Q4_0 and Q8_0 they agree to the bit: block b adds
// fma(float(block sum), d_w · d_x, partial) to partial b mod 4, and the four
// partials add as (p0 + p2) + (p1 + p3) at the end; a row's four consecutive
// block sums then come out of one SIMD reduction when decoding, and prompt
// kernels keep four accumulators per token. The K-quants agree to the bit
// too: each super-block's integer sums (Q4_K/Q5_K: scales and mins apart)
// add by fma to partial b mod 4 in the same way.
namespace hearth::quant {

namespace {

constexpr std::size_t kSubBlocks = kSuperBlock / 32;

// Float element types: each product in float (exact for F16 and BF16
// inputs), summed in double as ggml's scalar path does.
template <typename Element, float (*ToFloat)(Element)> float dot_float(const void* w, const void* x, std::size_t n)
{
    const auto* a = static_cast<const Element*>(w);
    const auto* b = static_cast<const Element*>(x);
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum += static_cast<double>(ToFloat(a[i]) * ToFloat(b[i]));
    return static_cast<float>(sum);
}

float identity(float f)
{
    return f;
}

float dot_q4_0_q8_0(const BlockQ4_0* w, const BlockQ8_0* x, std::size_t n)
{
    float part[4] = {};
    for (std::size_t b = 0; b < n / kBlock32; ++b) {
        int isum = 0;
        for (std::size_t j = 0; j < kBlock32 / 2; ++j) {
            isum += ((w[b].qs[j] & 0xF) - 8) * x[b].qs[j];
            isum += ((w[b].qs[j] >> 4) - 8) * x[b].qs[j + kBlock32 / 2];
        }
        part[b % 4] = std::fma(static_cast<float>(isum), fp16_to_float(w[b].d) * fp16_to_float(x[b].d), part[b % 4]);
    }
    return (part[0] + part[2]) + (part[1] + part[3]);
}

float dot_q8_0_q8_0(const BlockQ8_0* w, const BlockQ8_0* x, std::size_t n)
{
    float part[4] = {};
    for (std::size_t b = 0; b < n / kBlock32; ++b) {
        int isum = 0;
        for (std::size_t j = 0; j < kBlock32; ++j)
            isum += w[b].qs[j] * x[b].qs[j];
        part[b % 4] = std::fma(static_cast<float>(isum), fp16_to_float(w[b].d) * fp16_to_float(x[b].d), part[b % 4]);
    }
    return (part[0] + part[2]) + (part[1] + part[3]);
}

// The 32-element formats against Q8_0: value(i) is the weight's integer
// level, scale() its block scale.
template <class Block, class Value, class Scale>
float dot_block32_q8_0(const Block* w, const BlockQ8_0* x, std::size_t n, Value value, Scale scale)
{
    float part[4] = {};
    for (std::size_t b = 0; b < n / kBlock32; ++b) {
        int isum = 0;
        for (std::size_t i = 0; i < kBlock32; ++i)
            isum += value(w[b], i) * x[b].qs[i];
        part[b % 4] = std::fma(static_cast<float>(isum), scale(w[b]) * fp16_to_float(x[b].d), part[b % 4]);
    }
    return (part[0] + part[2]) + (part[1] + part[3]);
}

// Q4_1 and Q5_1 against Q8_1: element = d * q + m, so a block contributes
// d · x.d · Σ q · x.q + m · x.s (x.s = x.d · Σ x.q, stored).
template <class Block, int (*Quant)(const Block&, std::size_t)>
float dot_with_min_q8_1(const Block* w, const BlockQ8_1* x, std::size_t n)
{
    float part[4] = {};
    for (std::size_t b = 0; b < n / kBlock32; ++b) {
        int isum = 0;
        for (std::size_t i = 0; i < kBlock32; ++i)
            isum += Quant(w[b], i) * x[b].qs[i];
        float& p = part[b % 4];
        p = std::fma(static_cast<float>(isum), fp16_to_float(w[b].d) * fp16_to_float(x[b].d), p);
        p = std::fma(fp16_to_float(w[b].m), fp16_to_float(x[b].s), p);
    }
    return (part[0] + part[2]) + (part[1] + part[3]);
}

int q4_1_value(const BlockQ4_1& b, std::size_t i)
{
    return low_then_high_nibble(b.qs, i);
}

int q5_1_value(const BlockQ5_1& b, std::size_t i)
{
    return q5_quant(b.qs, b.qh, i);
}

// Every format decode_super_block() handles: see DecodedSuperBlock for the
// two products each super-block adds.
float dot_decoded_q8_k(GgmlType type, const void* w, const BlockQ8K* x, std::size_t n)
{
    float parts[4] = {};
    DecodedSuperBlock block;
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        decode_super_block(type, w, b, block);
        int scaled = 0;
        int offsets = 0;
        for (std::size_t g = 0; g < kSuperBlock / 16; ++g) {
            int isum = 0;
            for (std::size_t l = 16 * g; l < 16 * g + 16; ++l)
                isum += block.q[l] * x[b].qs[l];
            scaled += block.scales[g] * isum;
            offsets += block.offsets[g] * x[b].bsums[g];
        }
        float& part = parts[b % 4];
        part = std::fma(static_cast<float>(scaled), block.d * x[b].d, part);
        part = std::fma(static_cast<float>(offsets), block.offset_d * x[b].d, part);
    }
    return (parts[0] + parts[2]) + (parts[1] + parts[3]);
}

// Q4_K and Q5_K: element = d * scale_s * q - dmin * min_s, so a super-block
// contributes d * x.d * sum_s(scale_s * sum(q * x.q)) - dmin * x.d *
// sum_s(min_s * sum(x.q)), the last sum read from Q8_K's bsums (two per
// sub-block of 32).
template <typename Block, int (*Quant)(const Block&, std::size_t sub, std::size_t l)>
float dot_k_asymmetric(const Block* w, const BlockQ8K* x, std::size_t n)
{
    float parts[4] = {};
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        int scaled = 0;
        int mins = 0;
        for (std::size_t sub = 0; sub < kSubBlocks; ++sub) {
            const KScaleMin sm = unpack_k_scale_min(w[b].scales, sub);
            const std::int8_t* q8 = x[b].qs + 32 * sub;
            int isum = 0;
            for (std::size_t l = 0; l < 32; ++l)
                isum += Quant(w[b], sub, l) * q8[l];
            scaled += sm.scale * isum;
            mins += sm.min * (x[b].bsums[2 * sub] + x[b].bsums[2 * sub + 1]);
        }
        const float d = fp16_to_float(w[b].d) * x[b].d;
        const float dmin = fp16_to_float(w[b].dmin) * x[b].d;
        float& part = parts[b % 4];
        part = std::fma(static_cast<float>(scaled), d, part);
        part = std::fma(-static_cast<float>(mins), dmin, part);
    }
    return (parts[0] + parts[2]) + (parts[1] + parts[3]);
}

// Q6_K: element = d * scale_g * (q - 32) over 16 groups of 16.
float dot_q6_k_q8_k(const BlockQ6K* w, const BlockQ8K* x, std::size_t n)
{
    float parts[4] = {};
    for (std::size_t b = 0; b < n / kSuperBlock; ++b) {
        const BlockQ6K& block = w[b];
        int scaled = 0;
        for (std::size_t half = 0; half < 2; ++half) {
            const std::uint8_t* ql = block.ql + 64 * half;
            const std::uint8_t* qh = block.qh + 32 * half;
            for (std::size_t quarter = 0; quarter < 4; ++quarter) {
                // Elements 128 * half + 32 * quarter + l, l < 32: two groups of 16.
                const std::int8_t* q8 = x[b].qs + 128 * half + 32 * quarter;
                for (std::size_t group = 0; group < 2; ++group) {
                    int isum = 0;
                    for (std::size_t l = 16 * group; l < 16 * group + 16; ++l) {
                        const int low = (ql[l + 32 * (quarter % 2)] >> (4 * (quarter / 2))) & 0xF;
                        const int high = (qh[l] >> (2 * quarter)) & 3;
                        isum += ((low | (high << 4)) - 32) * q8[l];
                    }
                    scaled += block.scales[8 * half + 2 * quarter + group] * isum;
                }
            }
        }
        parts[b % 4] = std::fma(static_cast<float>(scaled), fp16_to_float(block.d) * x[b].d, parts[b % 4]);
    }
    return (parts[0] + parts[2]) + (parts[1] + parts[3]);
}

} // namespace

GgmlType activation_type(GgmlType weight)
{
    switch (weight) {
    case GgmlType::F32:
    case GgmlType::F16:
    case GgmlType::BF16:
        return weight;
    case GgmlType::Q4_0:
    case GgmlType::Q8_0:
    case GgmlType::Q5_0:
    case GgmlType::IQ4_NL:
    case GgmlType::MXFP4:
        return GgmlType::Q8_0;
    case GgmlType::Q4_1:
    case GgmlType::Q5_1:
        return GgmlType::Q8_1;
    case GgmlType::Q4_K:
    case GgmlType::Q5_K:
    case GgmlType::Q6_K:
        return GgmlType::Q8_K;
    default:
        if (decodes_to_super_block(weight))
            return GgmlType::Q8_K;
        unsupported_type("activation_type", weight);
    }
}

float vec_dot_reference(GgmlType weight, const void* w, const void* x, std::size_t n)
{
    switch (weight) {
    case GgmlType::F32:
        return dot_float<float, identity>(w, x, n);
    case GgmlType::F16:
        return dot_float<std::uint16_t, fp16_to_float>(w, x, n);
    case GgmlType::BF16:
        return dot_float<std::uint16_t, bf16_to_float>(w, x, n);
    case GgmlType::Q4_0:
        assert(n % kBlock32 == 0);
        return dot_q4_0_q8_0(static_cast<const BlockQ4_0*>(w), static_cast<const BlockQ8_0*>(x), n);
    case GgmlType::Q8_0:
        assert(n % kBlock32 == 0);
        return dot_q8_0_q8_0(static_cast<const BlockQ8_0*>(w), static_cast<const BlockQ8_0*>(x), n);
    case GgmlType::Q4_K:
        assert(n % kSuperBlock == 0);
        return dot_k_asymmetric<BlockQ4K, q4_k_quant>(
            static_cast<const BlockQ4K*>(w), static_cast<const BlockQ8K*>(x), n);
    case GgmlType::Q5_K:
        assert(n % kSuperBlock == 0);
        return dot_k_asymmetric<BlockQ5K, q5_k_quant>(
            static_cast<const BlockQ5K*>(w), static_cast<const BlockQ8K*>(x), n);
    case GgmlType::Q6_K:
        assert(n % kSuperBlock == 0);
        return dot_q6_k_q8_k(static_cast<const BlockQ6K*>(w), static_cast<const BlockQ8K*>(x), n);
    case GgmlType::Q5_0:
        return dot_block32_q8_0(
            static_cast<const BlockQ5_0*>(w), static_cast<const BlockQ8_0*>(x), n,
            [](const BlockQ5_0& b, std::size_t i) { return q5_quant(b.qs, b.qh, i) - 16; },
            [](const BlockQ5_0& b) { return fp16_to_float(b.d); });
    case GgmlType::IQ4_NL:
        return dot_block32_q8_0(
            static_cast<const BlockIQ4NL*>(w), static_cast<const BlockQ8_0*>(x), n,
            [](const BlockIQ4NL& b, std::size_t i) { return int { kIq4NlLevels[low_then_high_nibble(b.qs, i)] }; },
            [](const BlockIQ4NL& b) { return fp16_to_float(b.d); });
    case GgmlType::MXFP4:
        return dot_block32_q8_0(
            static_cast<const BlockMXFP4*>(w), static_cast<const BlockQ8_0*>(x), n,
            [](const BlockMXFP4& b, std::size_t i) { return int { kMxfp4Levels[low_then_high_nibble(b.qs, i)] }; },
            [](const BlockMXFP4& b) { return e8m0_half_to_float(b.e); });
    case GgmlType::Q4_1:
        return dot_with_min_q8_1<BlockQ4_1, q4_1_value>(
            static_cast<const BlockQ4_1*>(w), static_cast<const BlockQ8_1*>(x), n);
    case GgmlType::Q5_1:
        return dot_with_min_q8_1<BlockQ5_1, q5_1_value>(
            static_cast<const BlockQ5_1*>(w), static_cast<const BlockQ8_1*>(x), n);
    default:
        if (decodes_to_super_block(weight))
            return dot_decoded_q8_k(weight, w, static_cast<const BlockQ8K*>(x), n);
        unsupported_type("vec_dot_reference", weight);
    }
}

} // namespace hearth::quant
