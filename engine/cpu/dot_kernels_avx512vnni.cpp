// The x86 dot-product tiles built for AVX512VNNI (flags in cpu/sources.cmake).
#define HEARTH_KERNEL_ISA avx512vnni
#include "engine/cpu/dot_kernels_x86.inc"
