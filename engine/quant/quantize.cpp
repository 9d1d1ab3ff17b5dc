#include "quant/quantize.h"

#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "quant/half.h"
#include "quant/quantize_blocks.h"
#include "quant/unsupported_type.h"

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
    default:
        unsupported_type("quantize_row", type);
    }
}

} // namespace hearth::quant
