#include "engine/quant/quantize.h"

#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/quant/half.h"
#include "engine/quant/quantize_blocks.h"
#include "engine/quant/quantize_iq1.h"
#include "engine/quant/quantize_iq2.h"
#include "engine/quant/quantize_iq3.h"
#include "engine/quant/unsupported_type.h"

namespace hearth::quant {

namespace {

// ggml writes F16 weights with its portable converter, which rounds as
// F16C does but turns every NaN into the canonical quiet NaN 0x7E00 (sign
// kept) where F16C keeps the payload.
std::uint16_t float_to_fp16_file(float f)
{
    if (std::isnan(f))
        return static_cast<std::uint16_t>((std::bit_cast<std::uint32_t>(f) >> 16 & 0x8000) | 0x7E00);
    return float_to_fp16(f);
}

// ggml cannot write IQ2_XXS, IQ2_XS or IQ1_S without an importance matrix
// at all; rather than fail deep in a quantizer, a missing one counts as
// flat. The model quantizer never gets here without one
// (importance_required()).
template <class Block, class Quantizer>
void quantize_needing_importance(
    Quantizer quantizer, const float* src, void* dst, std::size_t n, const float* importance)
{
    std::vector<float> flat;
    if (!importance) {
        flat.assign(n, 1.0f);
        importance = flat.data();
    }
    quantizer(src, static_cast<Block*>(dst), n, importance);
}

} // namespace

bool can_quantize_row(GgmlType type)
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
    case GgmlType::Q8_K:
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

void quantize_row(GgmlType type, const float* src, void* dst, std::size_t n, const float* importance)
{
    switch (type) {
    case GgmlType::F32:
        std::memcpy(dst, src, n * sizeof(float));
        return;
    case GgmlType::F16: {
        auto* h = static_cast<std::uint16_t*>(dst);
        for (std::size_t i = 0; i < n; ++i)
            h[i] = float_to_fp16_file(src[i]);
        return;
    }
    case GgmlType::BF16: {
        auto* h = static_cast<std::uint16_t*>(dst);
        for (std::size_t i = 0; i < n; ++i)
            h[i] = float_to_bf16(src[i]);
        return;
    }
    case GgmlType::Q4_0:
        assert(n % kBlock32 == 0);
        return quantize_q4_0(src, static_cast<BlockQ4_0*>(dst), n, importance);
    case GgmlType::Q8_0:
        assert(n % kBlock32 == 0);
        return quantize_q8_0(src, static_cast<BlockQ8_0*>(dst), n);
    case GgmlType::Q2_K:
        assert(n % kSuperBlock == 0);
        return quantize_q2_k(src, static_cast<BlockQ2K*>(dst), n, importance);
    case GgmlType::Q3_K:
        assert(n % kSuperBlock == 0);
        return quantize_q3_k(src, static_cast<BlockQ3K*>(dst), n, importance);
    case GgmlType::Q4_K:
        assert(n % kSuperBlock == 0);
        return quantize_q4_k(src, static_cast<BlockQ4K*>(dst), n, importance);
    case GgmlType::Q5_K:
        assert(n % kSuperBlock == 0);
        return quantize_q5_k(src, static_cast<BlockQ5K*>(dst), n, importance);
    case GgmlType::Q6_K:
        assert(n % kSuperBlock == 0);
        return quantize_q6_k(src, static_cast<BlockQ6K*>(dst), n, importance);
    case GgmlType::Q8_K:
        assert(n % kSuperBlock == 0);
        return quantize_q8_k(src, static_cast<BlockQ8K*>(dst), n);
    case GgmlType::Q4_1:
        return quantize_q4_1(src, static_cast<BlockQ4_1*>(dst), n, importance);
    case GgmlType::Q5_0:
        return quantize_q5_0(src, static_cast<BlockQ5_0*>(dst), n, importance);
    case GgmlType::Q5_1:
        return quantize_q5_1(src, static_cast<BlockQ5_1*>(dst), n, importance);
    case GgmlType::IQ4_NL:
        return quantize_iq4_nl(src, static_cast<BlockIQ4NL*>(dst), n, importance);
    case GgmlType::IQ4_XS:
        return quantize_iq4_xs(src, static_cast<BlockIQ4XS*>(dst), n, importance);
    case GgmlType::IQ3_XXS:
        return quantize_iq3_xxs(src, static_cast<BlockIQ3XXS*>(dst), n, importance);
    case GgmlType::IQ3_S:
        return quantize_iq3_s(src, static_cast<BlockIQ3S*>(dst), n, importance);
    case GgmlType::IQ2_XXS:
        return quantize_needing_importance<BlockIQ2XXS>(quantize_iq2_xxs, src, dst, n, importance);
    case GgmlType::IQ2_XS:
        return quantize_needing_importance<BlockIQ2XS>(quantize_iq2_xs, src, dst, n, importance);
    case GgmlType::IQ2_S:
        return quantize_iq2_s(src, static_cast<BlockIQ2S*>(dst), n, importance);
    case GgmlType::IQ1_S:
        return quantize_needing_importance<BlockIQ1S>(quantize_iq1_s, src, dst, n, importance);
    case GgmlType::IQ1_M:
        return quantize_iq1_m(src, static_cast<BlockIQ1M*>(dst), n, importance);
    // ggml's quantizers for these take no importance matrix.
    case GgmlType::MXFP4:
        return quantize_mxfp4(src, static_cast<BlockMXFP4*>(dst), n);
    case GgmlType::TQ1_0:
        return quantize_tq1_0(src, static_cast<BlockTQ1_0*>(dst), n);
    case GgmlType::TQ2_0:
        return quantize_tq2_0(src, static_cast<BlockTQ2_0*>(dst), n);
    default:
        unsupported_type("quantize_row", type);
    }
}

} // namespace hearth::quant
