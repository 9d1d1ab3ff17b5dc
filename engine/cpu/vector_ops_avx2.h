#pragma once

// The vector operations the AVX2 element-wise kernels share (attention, the
// activation quantizers, the gated activation), under the names the generic
// code in cpu/*_x86.inc and cpu/vector_exp.h calls. Only for files compiled
// with AVX2, FMA and F16C (cpu/sources.cmake).
#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace hearth::cpu::avx2 {

struct VectorOps {
    using V = __m256; // floats
    using D = __m256d; // doubles, half a V
    static constexpr std::size_t kLanes = 8;

    static V zero() { return _mm256_setzero_ps(); }
    static V load(const float* p) { return _mm256_loadu_ps(p); }
    static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
    static V set1(float x) { return _mm256_set1_ps(x); }
    static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
    static V add(V a, V b) { return _mm256_add_ps(a, b); }
    static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
    static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
    static V div(V a, V b) { return _mm256_div_ps(a, b); }
    static V max(V a, V b) { return _mm256_max_ps(a, b); }
    static V min(V a, V b) { return _mm256_min_ps(a, b); }
    static V magnitude(V v) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), v); }
    static float reduce_max(V v)
    {
        __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
        m = _mm_max_ps(m, _mm_movehl_ps(m, m));
        m = _mm_max_ss(m, _mm_movehdup_ps(m));
        return _mm_cvtss_f32(m);
    }
    // A bit per lane that equals `value`.
    static unsigned lanes_equal(V v, float value)
    {
        return static_cast<unsigned>(_mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_set1_ps(value), _CMP_EQ_OQ)));
    }

    static D widen_low(V v) { return _mm256_cvtps_pd(_mm256_castps256_ps128(v)); }
    static D widen_high(V v) { return _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)); }
    static V narrow(D low, D high)
    {
        return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(low)), _mm256_cvtpd_ps(high), 1);
    }
    static D set1d(double x) { return _mm256_set1_pd(x); }
    static D fma(D a, D b, D c) { return _mm256_fmadd_pd(a, b, c); }
    static D add(D a, D b) { return _mm256_add_pd(a, b); }
    static D mul(D a, D b) { return _mm256_mul_pd(a, b); }
    static D round(D x) { return _mm256_round_pd(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
    // 2^n for whole n in [-1022, 1023].
    static D pow2(D n)
    {
        const __m256i biased = _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_cvtpd_epi32(n)), _mm256_set1_epi64x(1023));
        return _mm256_castsi256_pd(_mm256_slli_epi64(biased, 52));
    }
    static void store(double* p, D v) { _mm256_storeu_pd(p, v); }

    static void to_floats(const float* in, float* out, std::size_t n) { std::copy_n(in, n, out); }
    static void to_floats(const std::uint16_t* in, float* out, std::size_t n)
    {
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8)
            _mm256_storeu_ps(out + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i))));
        for (; i < n; ++i)
            out[i] = _cvtsh_ss(in[i]);
    }
};

} // namespace hearth::cpu::avx2
