#pragma once

// The per-instruction-set kernel tables behind dot_kernel(): each namespace is
// one translation unit compiled with that instruction set's flags, so nothing
// outside it may be inlined into baseline code.
#include "engine/cpu/dot_kernels.h"

namespace hearth::cpu {

namespace portable {
const DotKernel* dot_kernel(GgmlType weight);
} // namespace portable

#if defined(__x86_64__) && defined(HEARTH_CPU_X86_KERNELS)
namespace avx2 {
const DotKernel* dot_kernel(GgmlType weight);
} // namespace avx2
namespace avx512 {
const DotKernel* dot_kernel(GgmlType weight);
} // namespace avx512
namespace avx512vnni {
const DotKernel* dot_kernel(GgmlType weight);
} // namespace avx512vnni
namespace avx512bf16 {
// BF16 · BF16 with vdpbf16ps; only for CPUs that report avx512_bf16.
const DotKernel* bf16_kernel();
} // namespace avx512bf16
#endif

} // namespace hearth::cpu
