#include "cpu/attention_kernels.h"

#include <algorithm>
#include <cstdint>

#include "quant/half.h"

namespace hearth::cpu {

#if defined(__x86_64__) && defined(HEARTH_CPU_X86_KERNELS)
namespace avx2 {
const AttentionKernels& attention_kernels(KvCacheType type);
}
#endif

namespace {

template <typename Load>
void portable_scores(const float* q, const void* keys, std::size_t stride, std::size_t count, std::size_t head_dim,
    float scale, float* scores, Load load)
{
    for (std::size_t p = 0; p < count; ++p) {
        float dot = 0.0f;
        for (std::size_t d = 0; d < head_dim; ++d)
            dot += q[d] * load(keys, p * stride + d);
        scores[p] = dot * scale;
    }
}

template <typename Load>
void portable_mix(const float* weights, const void* values, std::size_t stride, std::size_t count, std::size_t head_dim,
    float* out, Load load)
{
    std::fill(out, out + head_dim, 0.0f);
    for (std::size_t p = 0; p < count; ++p)
        for (std::size_t d = 0; d < head_dim; ++d)
            out[d] += weights[p] * load(values, p * stride + d);
}

float load_f32(const void* base, std::size_t i)
{
    return static_cast<const float*>(base)[i];
}
float load_f16(const void* base, std::size_t i)
{
    return quant::fp16_to_float(static_cast<const std::uint16_t*>(base)[i]);
}

const AttentionKernels kPortableF32 {
    [](const float* q, const void* k, std::size_t s, std::size_t n, std::size_t hd, float scale, float* out) {
        portable_scores(q, k, s, n, hd, scale, out, load_f32);
    },
    [](const float* w, const void* v, std::size_t s, std::size_t n, std::size_t hd, float* out) {
        portable_mix(w, v, s, n, hd, out, load_f32);
    },
};
const AttentionKernels kPortableF16 {
    [](const float* q, const void* k, std::size_t s, std::size_t n, std::size_t hd, float scale, float* out) {
        portable_scores(q, k, s, n, hd, scale, out, load_f16);
    },
    [](const float* w, const void* v, std::size_t s, std::size_t n, std::size_t hd, float* out) {
        portable_mix(w, v, s, n, hd, out, load_f16);
    },
};

} // namespace

const AttentionKernels& attention_kernels(KvCacheType type, SimdLevel level)
{
#if defined(__x86_64__) && defined(HEARTH_CPU_X86_KERNELS)
    if (level != SimdLevel::Portable)
        return avx2::attention_kernels(type);
#else
    (void)level;
#endif
    return type == KvCacheType::F16 ? kPortableF16 : kPortableF32;
}

} // namespace hearth::cpu
