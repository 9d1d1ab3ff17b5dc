// The vectorized SiLU gating at every SIMD level against cpu::silu_multiply,
// bit for bit: e^x must be rounded once from double at every level.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "engine/cpu/gated_activation.h"
#include "engine/cpu/ops.h"

namespace hearth::cpu {
namespace {

TEST(GatedActivation, EveryLevelGivesTheScalarFloats)
{
    std::mt19937 random(11);
    std::uniform_real_distribution<float> wide(-120.0f, 120.0f);
    std::normal_distribution<float> normal(0.0f, 3.0f);
    // Odd length: the vector loops' tails go through the scalar one.
    const std::size_t n = 200'003;
    std::vector<float> gate(n), up(n);
    for (std::size_t i = 0; i < n; ++i) {
        gate[i] = i % 4 == 0 ? wide(random) : normal(random);
        up[i] = normal(random);
    }
    gate[5] = 0.0f;
    gate[6] = -0.0f;
    gate[7] = 88.7f;
    gate[8] = -88.8f;
    gate[9] = 104.5f;
    std::vector<float> expected(n);
    silu_multiply(gate.data(), up.data(), expected.data(), n);
    for (const auto level : { SimdLevel::Portable, SimdLevel::Avx2, SimdLevel::Avx512, SimdLevel::Avx512Vnni }) {
        if (!simd_level_supported(level))
            continue;
        std::vector<float> actual(n);
        silu_multiply_kernel(level)(gate.data(), up.data(), actual.data(), n);
        std::size_t differing = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (std::memcmp(&actual[i], &expected[i], sizeof(float)) != 0 && differing++ < 5)
                ADD_FAILURE() << simd_level_name(level) << ": silu(" << gate[i] << ") × " << up[i] << " = " << actual[i]
                              << ", scalar " << expected[i];
        EXPECT_EQ(differing, 0u) << simd_level_name(level);
    }
}

} // namespace
} // namespace hearth::cpu
