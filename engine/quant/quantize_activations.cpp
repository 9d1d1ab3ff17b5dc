#include "engine/quant/quantize_activations.h"

#include <cassert>
#include <cstdint>

#include "engine/quant/half.h"
#include "engine/quant/quantize.h"
#include "engine/quant/quantize_blocks.h"
#include "engine/quant/unsupported_type.h"

namespace hearth::quant {

void quantize_activations_row(GgmlType type, const float* src, void* dst, std::size_t n)
{
    switch (type) {
    case GgmlType::F16: {
        auto* h = static_cast<std::uint16_t*>(dst);
        for (std::size_t i = 0; i < n; ++i)
            h[i] = float_to_fp16(src[i]);
        return;
    }
    case GgmlType::Q8_0:
        assert(n % kBlock32 == 0);
        return quantize_q8_0_activations(src, static_cast<BlockQ8_0*>(dst), n);
    case GgmlType::Q8_1:
        assert(n % kBlock32 == 0);
        return quantize_q8_1_activations(src, static_cast<BlockQ8_1*>(dst), n);
    case GgmlType::F32:
    case GgmlType::BF16:
    case GgmlType::Q8_K:
        return quantize_row(type, src, dst, n);
    default:
        unsupported_type("quantize_activations_row", type);
    }
}

} // namespace hearth::quant
