#pragma once

#include <optional>
#include <string_view>

namespace hearth::cpu {

// The instruction sets the kernels are built for, best last. The engine is
// compiled for plain x86-64 and picks a level at run time, so one binary runs
// on any machine and uses what it has.
//   Avx2        AVX2, FMA and F16C (Haswell, Zen 1 and later)
//   Avx512      AVX-512 F, BW and VL (Skylake-X)
//   Avx512Vnni  the same plus VNNI for the int8 dot products (Ice Lake, Zen 4);
//               BF16 weights also use AVX512_BF16 where the CPU has it.
enum class SimdLevel { Portable, Avx2, Avx512, Avx512Vnni };

// What this CPU supports, or what the environment variable HEARTH_SIMD
// (portable, avx2, avx512, avx512vnni) asks for when the CPU supports that.
SimdLevel detect_simd_level();
// Whether this CPU can run kernels of `level`; Portable always can.
bool simd_level_supported(SimdLevel level);
std::string_view simd_level_name(SimdLevel level);
std::optional<SimdLevel> simd_level_from_name(std::string_view name);

} // namespace hearth::cpu
