// Compiled with AVX-512 F, BW and VL (cpu/sources.cmake); reached only through
// attention_kernels() on CPUs that have them.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "engine/cpu/attention_kernels.h"
#include "engine/cpu/attention_scratch.h"
#include "engine/cpu/ops.h"
#include "engine/cpu/vector_exp.h"
#include "engine/cpu/vector_ops_avx512.h"

namespace hearth::cpu::avx512 {
namespace {

struct Ops : VectorOps {
    // Sixteen accumulators, the weights and a broadcast folded into each
    // multiply-add: 17 of the 32 registers.
    static constexpr std::size_t kMixDims = 16;

    // v where lane i's row sees position p (firsts[i] ≤ p < seen[i]), otherwise fallback.
    static V select_rows(std::size_t p, const std::uint32_t* firsts, const std::uint32_t* seen, V v, V fallback)
    {
        const __m512i position = _mm512_set1_epi32(static_cast<int>(p));
        const __mmask16 sees = _mm512_cmplt_epu32_mask(position, _mm512_loadu_si512(seen))
            & _mm512_cmple_epu32_mask(_mm512_loadu_si512(firsts), position);
        return _mm512_mask_blend_ps(sees, fallback, v);
    }
};

#include "engine/cpu/attention_kernels_x86.inc"

const AttentionKernels kF32 { Ops::kLanes, attend<Ops, float> };
const AttentionKernels kF16 { Ops::kLanes, attend<Ops, std::uint16_t> };

} // namespace

const AttentionKernels& attention_kernels(KvCacheType type)
{
    return type == KvCacheType::F16 ? kF16 : kF32;
}

} // namespace hearth::cpu::avx512
