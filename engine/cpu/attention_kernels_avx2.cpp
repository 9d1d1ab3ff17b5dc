// Compiled with AVX2, FMA and F16C (cpu/sources.cmake); reached only through
// attention_kernels() on CPUs that have them.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "engine/cpu/attention_kernels.h"
#include "engine/cpu/attention_scratch.h"
#include "engine/cpu/ops.h"
#include "engine/cpu/vector_exp.h"
#include "engine/cpu/vector_ops_avx2.h"

namespace hearth::cpu::avx2 {
namespace {

struct Ops : VectorOps {
    // Eight accumulators, the weights and a broadcast: 10 of the 16 registers.
    static constexpr std::size_t kMixDims = 8;

    // v where lane i's row sees position p (firsts[i] ≤ p < seen[i]), otherwise fallback.
    static V select_rows(std::size_t p, const std::uint32_t* firsts, const std::uint32_t* seen, V v, V fallback)
    {
        const __m256i position = _mm256_set1_epi32(static_cast<int>(p));
        const __m256i counts = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(seen));
        const __m256i starts = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(firsts));
        // Positions fit in 31 bits, so signed compares are exact.
        const __m256i sees
            = _mm256_andnot_si256(_mm256_cmpgt_epi32(starts, position), _mm256_cmpgt_epi32(counts, position));
        return _mm256_blendv_ps(fallback, v, _mm256_castsi256_ps(sees));
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

} // namespace hearth::cpu::avx2
