// Compiled with AVX2, FMA and F16C (cpu/sources.cmake); reached only through
// silu_multiply_kernel() on CPUs that have them.
#include "engine/cpu/gated_activation.h"
#include "engine/cpu/ops.h"
#include "engine/cpu/vector_exp.h"
#include "engine/cpu/vector_ops_avx2.h"

namespace hearth::cpu::avx2 {

#include "engine/cpu/gated_activation_x86.inc"

} // namespace hearth::cpu::avx2
