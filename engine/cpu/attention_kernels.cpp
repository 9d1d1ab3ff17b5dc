#include "engine/cpu/attention_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "engine/cpu/attention_scratch.h"
#include "engine/cpu/ops.h"
#include "engine/quant/half.h"

namespace hearth::cpu {

#if defined(__x86_64__) && defined(HEARTH_CPU_X86_KERNELS)
namespace avx2 {
const AttentionKernels& attention_kernels(KvCacheType type);
}
namespace avx512 {
const AttentionKernels& attention_kernels(KvCacheType type);
}
#endif

namespace {

float to_float(float x)
{
    return x;
}
float to_float(std::uint16_t x)
{
    return quant::fp16_to_float(x);
}

// The plain loops, a row at a time.
template <typename T>
void portable_attend(const AttentionRows& rows, const void* keys, const void* values, std::size_t stride,
    std::size_t head_dim, float scale, float* scores)
{
    for (std::size_t i = 0; i < rows.count; ++i) {
        const std::size_t first = rows.firsts[i];
        const std::size_t positions = rows.positions[i];
        const float* q = rows.q[i];
        for (std::size_t p = first; p < positions; ++p) {
            const T* key = static_cast<const T*>(keys) + (p - rows.origin) * stride;
            float dot = 0.0f;
            for (std::size_t d = 0; d < head_dim; ++d)
                dot += q[d] * to_float(key[d]);
            scores[p] = dot * scale;
        }
        softmax(scores + first, positions - first, rows.sinks[i]);
        float* out = rows.out[i];
        std::fill(out, out + head_dim, 0.0f);
        for (std::size_t p = first; p < positions; ++p) {
            const T* value = static_cast<const T*>(values) + (p - rows.origin) * stride;
            for (std::size_t d = 0; d < head_dim; ++d)
                out[d] += scores[p] * to_float(value[d]);
        }
    }
}

const AttentionKernels kPortableF32 { 1, portable_attend<float> };
const AttentionKernels kPortableF16 { 1, portable_attend<std::uint16_t> };

} // namespace

std::size_t attention_scratch_floats(std::size_t positions, std::size_t head_dim)
{
    return AttentionScratch::floats(positions, head_dim);
}

const AttentionKernels& attention_kernels(KvCacheType type, SimdLevel level)
{
#if defined(__x86_64__) && defined(HEARTH_CPU_X86_KERNELS)
    if (level == SimdLevel::Avx2)
        return avx2::attention_kernels(type);
    if (level != SimdLevel::Portable)
        return avx512::attention_kernels(type);
#else
    (void)level;
#endif
    return type == KvCacheType::F16 ? kPortableF16 : kPortableF32;
}

} // namespace hearth::cpu
