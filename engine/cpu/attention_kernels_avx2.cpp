// Compiled with AVX2, FMA and F16C (cpu/sources.cmake); reached only through
// attention_kernels() on CPUs that have them.
#include <immintrin.h>

#include <cstdint>

#include "cpu/attention_kernels.h"

namespace hearth::cpu::avx2 {
namespace {

inline __m256 load8(const float* p)
{
    return _mm256_loadu_ps(p);
}
inline __m256 load8(const std::uint16_t* p)
{
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
inline float load1(const float* p)
{
    return *p;
}
inline float load1(const std::uint16_t* p)
{
    return _cvtsh_ss(*p);
}

inline float sum8(__m256 v)
{
    const __m128 low = _mm256_castps256_ps128(v);
    const __m128 high = _mm256_extractf128_ps(v, 1);
    __m128 s = _mm_add_ps(low, high);
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

template <typename T>
void scores(const float* q, const void* keys, std::size_t stride, std::size_t count, std::size_t head_dim, float scale,
    float* out)
{
    const auto* base = static_cast<const T*>(keys);
    const std::size_t vector_end = head_dim / 8 * 8;
    for (std::size_t p = 0; p < count; ++p) {
        const T* k = base + p * stride;
        // Two accumulators: a head of 64 is eight FMAs, a dependency chain otherwise.
        __m256 a = _mm256_setzero_ps();
        __m256 b = _mm256_setzero_ps();
        std::size_t d = 0;
        for (; d + 16 <= vector_end; d += 16) {
            a = _mm256_fmadd_ps(load8(q + d), load8(k + d), a);
            b = _mm256_fmadd_ps(load8(q + d + 8), load8(k + d + 8), b);
        }
        for (; d < vector_end; d += 8)
            a = _mm256_fmadd_ps(load8(q + d), load8(k + d), a);
        float dot = sum8(_mm256_add_ps(a, b));
        for (; d < head_dim; ++d)
            dot += q[d] * load1(k + d);
        out[p] = dot * scale;
    }
}

// out[d .. d + 8 × V) over every position, V vectors of columns in
// registers: V independent chains of multiply-adds where one column vector
// at a time waited on its own. Each column still adds its positions in
// order, so the sums are the same.
template <int V, typename T>
void mix_columns(const float* weights, const T* base, std::size_t stride, std::size_t count, std::size_t d, float* out)
{
    __m256 acc[V];
    for (auto& a : acc)
        a = _mm256_setzero_ps();
    for (std::size_t p = 0; p < count; ++p) {
        const __m256 w = _mm256_set1_ps(weights[p]);
        const T* row = base + p * stride + d;
        for (int v = 0; v < V; ++v)
            acc[v] = _mm256_fmadd_ps(w, load8(row + 8 * v), acc[v]);
    }
    for (int v = 0; v < V; ++v)
        _mm256_storeu_ps(out + d + 8 * v, acc[v]);
}

template <typename T>
void mix(
    const float* weights, const void* values, std::size_t stride, std::size_t count, std::size_t head_dim, float* out)
{
    const auto* base = static_cast<const T*>(values);
    std::size_t d = 0;
    for (; d + 64 <= head_dim; d += 64)
        mix_columns<8>(weights, base, stride, count, d, out);
    for (; d + 8 <= head_dim; d += 8)
        mix_columns<1>(weights, base, stride, count, d, out);
    for (; d < head_dim; ++d) {
        float acc = 0.0f;
        for (std::size_t p = 0; p < count; ++p)
            acc += weights[p] * load1(base + p * stride + d);
        out[d] = acc;
    }
}

const AttentionKernels kF32 { scores<float>, mix<float> };
const AttentionKernels kF16 { scores<std::uint16_t>, mix<std::uint16_t> };

} // namespace

const AttentionKernels& attention_kernels(KvCacheType type)
{
    return type == KvCacheType::F16 ? kF16 : kF32;
}

} // namespace hearth::cpu::avx2
