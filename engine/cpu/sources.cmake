# The CPU kernels' sources, relative to engine/.
set(HEARTH_CPU_SOURCES
    cpu/activation_quantizers.cpp
    cpu/attention_kernels.cpp
    cpu/dot_kernels.cpp
    cpu/gated_activation.cpp
    cpu/matmul.cpp
    cpu/simd_level.cpp
    cpu/thread_pool.cpp
)

# The SIMD kernels: one file per instruction set, each compiled with that set's
# flags, so the rest of the engine stays baseline x86-64 and the binary starts
# on any x86-64 CPU; dot_kernel() picks one at run time. Elsewhere, or with
# HEARTH_CPU_SIMD off (the sanitized test build, which cannot spend minutes
# on each of them), only the portable kernels are built and used.
option(HEARTH_CPU_SIMD "Build the x86 SIMD kernels (off: the portable kernels only)" ON)
if(HEARTH_CPU_SIMD AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    # Line tables only for these files where the build has debug info:
    # full debug info for their many inlined template instances took three
    # times as long to compile (dot_kernels_avx2.cpp: 674 s with -g, 263 s
    # with -g1, 207 s with -g0, on a busy 2-core machine), and backtraces
    # and profiles still find their lines.
    set(lines_only $<$<CONFIG:RelWithDebInfo,Debug>:-g1>)
    set(avx2 -mavx2 -mfma -mf16c ${lines_only})
    set(avx512 ${avx2} -mavx512f -mavx512bw -mavx512vl)
    set(HEARTH_CPU_ISA_OPTIONS_avx2 ${avx2})
    set(HEARTH_CPU_ISA_OPTIONS_avx512 ${avx512})
    set(HEARTH_CPU_ISA_OPTIONS_avx512vnni ${avx512} -mavx512vnni)
    set(HEARTH_CPU_ISA_OPTIONS_avx512bf16 ${avx512} -mavx512bf16)
    foreach(isa avx2 avx512 avx512vnni avx512bf16)
        list(APPEND HEARTH_CPU_SOURCES cpu/dot_kernels_${isa}.cpp)
        set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/cpu/dot_kernels_${isa}.cpp
            PROPERTIES COMPILE_OPTIONS "${HEARTH_CPU_ISA_OPTIONS_${isa}}")
    endforeach()
    foreach(isa avx2 avx512)
        foreach(file attention_kernels activation_quantizers gated_activation)
            list(APPEND HEARTH_CPU_SOURCES cpu/${file}_${isa}.cpp)
            set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/cpu/${file}_${isa}.cpp
                PROPERTIES COMPILE_OPTIONS "${HEARTH_CPU_ISA_OPTIONS_${isa}}")
        endforeach()
    endforeach()
    foreach(file dot_kernels dot_kernels_avx2 dot_kernels_avx512 dot_kernels_avx512vnni dot_kernels_avx512bf16
                 attention_kernels activation_quantizers gated_activation simd_level)
        set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/cpu/${file}.cpp
            PROPERTIES COMPILE_DEFINITIONS HEARTH_CPU_X86_KERNELS=1)
    endforeach()
endif()
