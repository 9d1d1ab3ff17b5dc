// Compiled with AVX2, FMA and F16C (cpu/sources.cmake); reached only through
// attention_kernels() on CPUs that have them.
#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include "cpu/attention_kernels.h"
#include "cpu/attention_scratch.h"

namespace hearth::cpu::avx2 {
namespace {

struct Ops {
    using V = __m256;
    static constexpr std::size_t kLanes = 8;
    // Eight accumulators, the weights and a broadcast: 10 of the 16 registers.
    static constexpr std::size_t kMixDims = 8;

    static V zero() { return _mm256_setzero_ps(); }
    static V load(const float* p) { return _mm256_loadu_ps(p); }
    static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
    static V set1(float x) { return _mm256_set1_ps(x); }
    static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
    static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
    static V add(V a, V b) { return _mm256_add_ps(a, b); }
    static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
    static V max(V a, V b) { return _mm256_max_ps(a, b); }
    // v where lane i's row sees position p (p < seen[i]), otherwise fallback.
    static V select_rows(std::size_t p, const std::uint32_t* seen, V v, V fallback)
    {
        const __m256i counts = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(seen));
        // Counts fit in 31 bits, so a signed compare is exact.
        const __m256i sees = _mm256_cmpgt_epi32(counts, _mm256_set1_epi32(static_cast<int>(p)));
        return _mm256_blendv_ps(fallback, v, _mm256_castsi256_ps(sees));
    }

    using D = __m256d;
    static D widen_low(V v) { return _mm256_cvtps_pd(_mm256_castps256_ps128(v)); }
    static D widen_high(V v) { return _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)); }
    static V narrow(D low, D high)
    {
        return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(low)), _mm256_cvtpd_ps(high), 1);
    }
    static D set1d(double x) { return _mm256_set1_pd(x); }
    static D fma(D a, D b, D c) { return _mm256_fmadd_pd(a, b, c); }
    static D mul(D a, D b) { return _mm256_mul_pd(a, b); }
    static D round(D x) { return _mm256_round_pd(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
    // 2^n for whole n in [-1022, 1023].
    static D pow2(D n)
    {
        const __m256i exponent = _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_cvtpd_epi32(n)), _mm256_set1_epi64x(1023));
        return _mm256_castsi256_pd(_mm256_slli_epi64(exponent, 52));
    }

    struct Sum {
        __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();
    };
    static void add_to_sum(Sum& sum, V v)
    {
        sum.low = _mm256_add_pd(sum.low, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
        sum.high = _mm256_add_pd(sum.high, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
    }
    static void store_sum(double* out, const Sum& sum)
    {
        _mm256_storeu_pd(out, sum.low);
        _mm256_storeu_pd(out + 4, sum.high);
    }

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

#include "cpu/attention_kernels_x86.inc"

const AttentionKernels kF32 { Ops::kLanes, attend<Ops, float> };
const AttentionKernels kF16 { Ops::kLanes, attend<Ops, std::uint16_t> };

} // namespace

const AttentionKernels& attention_kernels(KvCacheType type)
{
    return type == KvCacheType::F16 ? kF16 : kF32;
}

} // namespace hearth::cpu::avx2
