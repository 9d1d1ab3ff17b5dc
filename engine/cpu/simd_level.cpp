#include "engine/cpu/simd_level.h"

#include <cstdlib>
#include <iostream>

namespace hearth::cpu {

namespace {

// What the CPU offers of the levels this build has kernels for.
SimdLevel detect_hardware_level()
{
#if defined(__x86_64__) && defined(HEARTH_CPU_X86_KERNELS)
    __builtin_cpu_init();
#if defined(__clang__)
    const bool f16c = true; // clang cannot ask for it; every CPU with AVX2 and FMA has it
#else
    const bool f16c = __builtin_cpu_supports("f16c");
#endif
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && f16c;
    if (!avx2)
        return SimdLevel::Portable;
    const bool avx512
        = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
    if (!avx512)
        return SimdLevel::Avx2;
    return __builtin_cpu_supports("avx512vnni") ? SimdLevel::Avx512Vnni : SimdLevel::Avx512;
#else
    return SimdLevel::Portable;
#endif
}

SimdLevel hardware_level()
{
    static const SimdLevel level = detect_hardware_level();
    return level;
}

} // namespace

bool simd_level_supported(SimdLevel level)
{
    return level <= hardware_level();
}

SimdLevel detect_simd_level()
{
    static const SimdLevel level = [] {
        const SimdLevel hardware = hardware_level();
        const char* requested = std::getenv("HEARTH_SIMD"); // NOLINT(concurrency-mt-unsafe): nothing sets it
        if (!requested || !*requested)
            return hardware;
        const auto named = simd_level_from_name(requested);
        if (!named) {
            std::cerr << "HEARTH_SIMD=" << requested << " is not a level (portable, avx2, avx512, avx512vnni): using "
                      << simd_level_name(hardware) << "\n";
            return hardware;
        }
        if (*named > hardware) {
            std::cerr << "HEARTH_SIMD=" << requested << ": this CPU supports only " << simd_level_name(hardware)
                      << ", using that\n";
            return hardware;
        }
        return *named;
    }();
    return level;
}

std::string_view simd_level_name(SimdLevel level)
{
    switch (level) {
    case SimdLevel::Portable:
        return "portable";
    case SimdLevel::Avx2:
        return "avx2";
    case SimdLevel::Avx512:
        return "avx512";
    case SimdLevel::Avx512Vnni:
        return "avx512vnni";
    }
    return "unknown";
}

std::optional<SimdLevel> simd_level_from_name(std::string_view name)
{
    for (auto level : { SimdLevel::Portable, SimdLevel::Avx2, SimdLevel::Avx512, SimdLevel::Avx512Vnni })
        if (simd_level_name(level) == name)
            return level;
    return std::nullopt;
}

} // namespace hearth::cpu
