#include "engine/cpu/dot_kernels.h"

#include <utility>

#include "engine/cpu/dot_kernels_isa.h"
#include "engine/quant/vec_dot.h"

namespace hearth::cpu {

namespace portable {

namespace {

// The scalar reference, one dot product at a time: what runs where no
// SIMD level does, and what the others are tested against.
template <GgmlType Type> struct ReferenceTile {
    template <int R, int T>
    static void run(
        std::size_t n, const void* w, std::size_t ws, const void* x, std::size_t xs, float* y, std::size_t ys)
    {
        for (int t = 0; t < T; ++t)
            for (int r = 0; r < R; ++r)
                y[t * ys + r] = quant::vec_dot_reference(
                    Type, static_cast<const std::byte*>(w) + ws * r, static_cast<const std::byte*>(x) + xs * t, n);
    }
};

template <GgmlType Type, int... I> DotKernel make_kernel(std::integer_sequence<int, I...>)
{
    DotKernel kernel;
    ((kernel.tiles[I / kMaxTileTokens][I % kMaxTileTokens]
         = &ReferenceTile<Type>::template run<I / kMaxTileTokens + 1, I % kMaxTileTokens + 1>),
        ...);
    return kernel;
}

template <GgmlType Type> const DotKernel* kernel()
{
    static const DotKernel kernel = make_kernel<Type>(std::make_integer_sequence<int, kTileShapes>());
    return &kernel;
}

} // namespace

const DotKernel* dot_kernel(GgmlType weight)
{
    switch (weight) {
    case GgmlType::F32:
        return kernel<GgmlType::F32>();
    case GgmlType::F16:
        return kernel<GgmlType::F16>();
    case GgmlType::BF16:
        return kernel<GgmlType::BF16>();
    case GgmlType::Q4_0:
        return kernel<GgmlType::Q4_0>();
    case GgmlType::Q8_0:
        return kernel<GgmlType::Q8_0>();
    case GgmlType::Q4_K:
        return kernel<GgmlType::Q4_K>();
    case GgmlType::Q5_K:
        return kernel<GgmlType::Q5_K>();
    case GgmlType::Q6_K:
        return kernel<GgmlType::Q6_K>();
    case GgmlType::Q4_1:
        return kernel<GgmlType::Q4_1>();
    case GgmlType::Q5_0:
        return kernel<GgmlType::Q5_0>();
    case GgmlType::Q5_1:
        return kernel<GgmlType::Q5_1>();
    case GgmlType::IQ4_NL:
        return kernel<GgmlType::IQ4_NL>();
    case GgmlType::MXFP4:
        return kernel<GgmlType::MXFP4>();
    case GgmlType::Q2_K:
        return kernel<GgmlType::Q2_K>();
    case GgmlType::Q3_K:
        return kernel<GgmlType::Q3_K>();
    case GgmlType::IQ4_XS:
        return kernel<GgmlType::IQ4_XS>();
    case GgmlType::IQ3_XXS:
        return kernel<GgmlType::IQ3_XXS>();
    case GgmlType::IQ3_S:
        return kernel<GgmlType::IQ3_S>();
    case GgmlType::IQ2_XXS:
        return kernel<GgmlType::IQ2_XXS>();
    case GgmlType::IQ2_XS:
        return kernel<GgmlType::IQ2_XS>();
    case GgmlType::IQ2_S:
        return kernel<GgmlType::IQ2_S>();
    case GgmlType::IQ1_S:
        return kernel<GgmlType::IQ1_S>();
    case GgmlType::IQ1_M:
        return kernel<GgmlType::IQ1_M>();
    case GgmlType::TQ1_0:
        return kernel<GgmlType::TQ1_0>();
    case GgmlType::TQ2_0:
        return kernel<GgmlType::TQ2_0>();
    default:
        return nullptr;
    }
}

} // namespace portable

const DotKernel* dot_kernel(GgmlType weight, SimdLevel level)
{
    if (!simd_level_supported(level))
        return nullptr;
    switch (level) {
    case SimdLevel::Portable:
        return portable::dot_kernel(weight);
#if defined(HEARTH_CPU_X86_KERNELS)
    case SimdLevel::Avx2:
        return avx2::dot_kernel(weight);
    case SimdLevel::Avx512:
        return avx512::dot_kernel(weight);
    case SimdLevel::Avx512Vnni:
        if (weight == GgmlType::BF16) {
            // Every CPU with AVX512_BF16 has VNNI too; at the plain Avx512 level
            // BF16 widens to float instead, so both paths stay testable here.
            static const bool native_bf16 = __builtin_cpu_supports("avx512bf16");
            if (native_bf16)
                return avx512bf16::bf16_kernel();
        }
        return avx512vnni::dot_kernel(weight);
#endif
    default:
        return nullptr;
    }
}

float vec_dot(GgmlType weight, const void* w, const void* x, std::size_t n, SimdLevel level)
{
    const DotKernel* kernel = dot_kernel(weight, level);
    if (!kernel)
        return quant::vec_dot_reference(weight, w, x, n);
    float y = 0;
    (*kernel)(1, 1, n, w, 0, x, 0, &y, 0);
    return y;
}

} // namespace hearth::cpu
