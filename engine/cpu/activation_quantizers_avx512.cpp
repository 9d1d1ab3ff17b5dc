// Compiled with AVX-512 F, BW and VL (cpu/sources.cmake); reached only through
// activation_quantizer() on CPUs that have them.
#include <bit>
#include <cstdint>

#include "engine/cpu/activation_quantizers.h"
#include "engine/cpu/vector_ops_avx512.h"
#include "engine/quant/block_formats.h"
#include "engine/quant/half.h"
#include "engine/quant/quantize_activations.h"

namespace hearth::cpu::avx512 {
namespace {

struct Ops : VectorOps {
    // kLanes of min(127, round-half-even(x × scale)) to q; returns their sum.
    static int quantize(const float* x, float scale, std::int8_t* q)
    {
        __m512i i = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x), _mm512_set1_ps(scale)));
        i = _mm512_min_epi32(i, _mm512_set1_epi32(127));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(q), _mm512_cvtsepi32_epi8(i));
        return _mm512_reduce_add_epi32(i);
    }
};

#include "engine/cpu/activation_quantizers_x86.inc"

} // namespace

ActivationQuantizer activation_quantizer(GgmlType type)
{
    return quantizer_of(type);
}

} // namespace hearth::cpu::avx512
