// Compiled with AVX2, FMA and F16C (cpu/sources.cmake); reached only through
// silu_multiply_kernel() on CPUs that have them.
#include "cpu/gated_activation.h"
#include "cpu/ops.h"
#include "cpu/vector_exp.h"
#include "cpu/vector_ops_avx2.h"

namespace hearth::cpu::avx2 {

#include "cpu/gated_activation_x86.inc"

} // namespace hearth::cpu::avx2
