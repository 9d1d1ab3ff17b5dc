#include "engine/cpu/gated_activation.h"

#include "engine/cpu/ops.h"

namespace hearth::cpu {

#if defined(__x86_64__) && defined(HEARTH_CPU_X86_KERNELS)
namespace avx2 {
void silu_multiply(const float* gate, const float* up, float* out, std::size_t n);
}
namespace avx512 {
void silu_multiply(const float* gate, const float* up, float* out, std::size_t n);
}
#endif

GatedKernel silu_multiply_kernel(SimdLevel level)
{
#if defined(__x86_64__) && defined(HEARTH_CPU_X86_KERNELS)
    if (level == SimdLevel::Avx2)
        return avx2::silu_multiply;
    if (level != SimdLevel::Portable)
        return avx512::silu_multiply;
#else
    (void)level;
#endif
    return cpu::silu_multiply;
}

GatedKernel gated_kernel(GatedActivation activation, SimdLevel level)
{
    switch (activation) {
    case GatedActivation::SwiGluClamped:
        return cpu::swiglu_clamped; // a few experts' rows a token: no vector version yet
    case GatedActivation::SwiGlu:
        break;
    }
    return silu_multiply_kernel(level);
}

} // namespace hearth::cpu
