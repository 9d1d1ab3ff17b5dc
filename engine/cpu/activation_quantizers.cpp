#include "engine/cpu/activation_quantizers.h"

namespace hearth::cpu {

#if defined(__x86_64__) && defined(HEARTH_CPU_X86_KERNELS)
namespace avx2 {
ActivationQuantizer activation_quantizer(GgmlType type);
}
namespace avx512 {
ActivationQuantizer activation_quantizer(GgmlType type);
}
#endif

ActivationQuantizer activation_quantizer(GgmlType type, SimdLevel level)
{
#if defined(__x86_64__) && defined(HEARTH_CPU_X86_KERNELS)
    if (level == SimdLevel::Avx2)
        return avx2::activation_quantizer(type);
    if (level != SimdLevel::Portable)
        return avx512::activation_quantizer(type);
#else
    (void)type;
    (void)level;
#endif
    return nullptr;
}

} // namespace hearth::cpu
