// Compiled with AVX-512 F, BW and VL (cpu/sources.cmake); reached only through
// silu_multiply_kernel() on CPUs that have them.
#include "engine/cpu/gated_activation.h"
#include "engine/cpu/ops.h"
#include "engine/cpu/vector_exp.h"
#include "engine/cpu/vector_ops_avx512.h"

namespace hearth::cpu::avx512 {

#include "engine/cpu/gated_activation_x86.inc"

} // namespace hearth::cpu::avx512
