#pragma once

// The vector operations the AVX-512 element-wise kernels share (attention,
// the activation quantizers, the gated activation), under the names the
// generic code in cpu/*_x86.inc and cpu/vector_exp.h calls. Only for files
// compiled with AVX-512 F, BW and VL (cpu/sources.cmake).
// GCC 12.2 warns that the _mm512_undefined_* inside many AVX-512 intrinsics is
// used uninitialized (GCC bug 105593, fixed in 12.3); the warning points into
// the header, so it is silenced there only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace hearth::cpu::avx512 {

struct VectorOps {
    using V = __m512; // floats
    using D = __m512d; // doubles, half a V
    static constexpr std::size_t kLanes = 16;

    static V zero() { return _mm512_setzero_ps(); }
    static V load(const float* p) { return _mm512_loadu_ps(p); }
    static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
    static V set1(float x) { return _mm512_set1_ps(x); }
    static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
    static V add(V a, V b) { return _mm512_add_ps(a, b); }
    static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
    static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
    static V div(V a, V b) { return _mm512_div_ps(a, b); }
    static V max(V a, V b) { return _mm512_max_ps(a, b); }
    static V min(V a, V b) { return _mm512_min_ps(a, b); }
    static V magnitude(V v) { return _mm512_abs_ps(v); }
    static float reduce_max(V v) { return _mm512_reduce_max_ps(v); }
    // A bit per lane that equals `value`.
    static unsigned lanes_equal(V v, float value) { return _mm512_cmp_ps_mask(v, _mm512_set1_ps(value), _CMP_EQ_OQ); }

    static D widen_low(V v) { return _mm512_cvtps_pd(_mm512_castps512_ps256(v)); }
    static D widen_high(V v)
    {
        return _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
    }
    static V narrow(D low, D high)
    {
        const __m512d joined = _mm512_insertf64x4(
            _mm512_castpd256_pd512(_mm256_castps_pd(_mm512_cvtpd_ps(low))), _mm256_castps_pd(_mm512_cvtpd_ps(high)), 1);
        return _mm512_castpd_ps(joined);
    }
    static D set1d(double x) { return _mm512_set1_pd(x); }
    static D fma(D a, D b, D c) { return _mm512_fmadd_pd(a, b, c); }
    static D add(D a, D b) { return _mm512_add_pd(a, b); }
    static D mul(D a, D b) { return _mm512_mul_pd(a, b); }
    static D round(D x) { return _mm512_roundscale_pd(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
    // 2^n for whole n.
    static D pow2(D n) { return _mm512_scalef_pd(_mm512_set1_pd(1.0), n); }
    static void store(double* p, D v) { _mm512_storeu_pd(p, v); }

    static void to_floats(const float* in, float* out, std::size_t n) { std::copy_n(in, n, out); }
    static void to_floats(const std::uint16_t* in, float* out, std::size_t n)
    {
        std::size_t i = 0;
        for (; i + 16 <= n; i += 16)
            _mm512_storeu_ps(out + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i))));
        for (; i + 8 <= n; i += 8)
            _mm256_storeu_ps(out + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i))));
        for (; i < n; ++i)
            out[i] = _cvtsh_ss(in[i]);
    }
};

} // namespace hearth::cpu::avx512
