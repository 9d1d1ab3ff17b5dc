// Compiled with AVX2, FMA and F16C (cpu/sources.cmake); reached only through
// activation_quantizer() on CPUs that have them.
#include <bit>
#include <cstdint>

#include "engine/cpu/activation_quantizers.h"
#include "engine/cpu/vector_ops_avx2.h"
#include "engine/quant/block_formats.h"
#include "engine/quant/half.h"
#include "engine/quant/quantize_activations.h"

namespace hearth::cpu::avx2 {
namespace {

struct Ops : VectorOps {
    // kLanes of min(127, round-half-even(x × scale)) to q; returns their sum.
    static int quantize(const float* x, float scale, std::int8_t* q)
    {
        __m256i i = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x), _mm256_set1_ps(scale)));
        i = _mm256_min_epi32(i, _mm256_set1_epi32(127));
        const __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1));
        _mm_storel_epi64(reinterpret_cast<__m128i*>(q), _mm_packs_epi16(words, words));
        __m128i sum = _mm_add_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1));
        sum = _mm_add_epi32(sum, _mm_unpackhi_epi64(sum, sum));
        sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, 1));
        return _mm_cvtsi128_si32(sum);
    }
};

#include "engine/cpu/activation_quantizers_x86.inc"

} // namespace

ActivationQuantizer activation_quantizer(GgmlType type)
{
    return quantizer_of(type);
}

} // namespace hearth::cpu::avx2
