#include "engine/quant/half.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

using namespace hearth::quant;

namespace {

std::uint32_t bits(float f)
{
    return std::bit_cast<std::uint32_t>(f);
}
float from_bits(std::uint32_t b)
{
    return std::bit_cast<float>(b);
}

bool is_half_nan(std::uint16_t h)
{
    return (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0;
}

#if defined(__x86_64__)
// The CPU's own conversions, for machines that have F16C; the engine itself is
// built for baseline x86-64 and never uses them.
__attribute__((target("f16c"))) std::uint16_t f16c_from_float(float f)
{
    return static_cast<std::uint16_t>(_cvtss_sh(f, _MM_FROUND_TO_NEAREST_INT));
}
__attribute__((target("f16c"))) float f16c_to_float(std::uint16_t h)
{
    return _cvtsh_ss(h);
}
#endif

} // namespace

// Worked by hand from IEEE binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits.
TEST(Half, KnownValues)
{
    EXPECT_EQ(float_to_fp16(1.0f), 0x3C00);
    EXPECT_EQ(float_to_fp16(-2.0f), 0xC000);
    EXPECT_EQ(float_to_fp16(0.0f), 0x0000);
    EXPECT_EQ(float_to_fp16(-0.0f), 0x8000);
    EXPECT_EQ(float_to_fp16(65504.0f), 0x7BFF); // the largest half
    EXPECT_EQ(float_to_fp16(65519.99f), 0x7BFF); // below the midpoint to 65536
    EXPECT_EQ(float_to_fp16(65520.0f), 0x7C00); // the midpoint: ties to even, which is infinity
    EXPECT_EQ(float_to_fp16(INFINITY), 0x7C00);
    EXPECT_EQ(float_to_fp16(-1e10f), 0xFC00);
    EXPECT_EQ(float_to_fp16(0x1p-14f), 0x0400); // smallest normal
    EXPECT_EQ(float_to_fp16(0x1p-24f), 0x0001); // smallest subnormal
    EXPECT_EQ(float_to_fp16(0x1p-25f), 0x0000); // half of it: ties to even, zero
    EXPECT_EQ(float_to_fp16(0x1.000002p-25f), 0x0001); // just above half rounds up
    EXPECT_EQ(float_to_fp16(0x3p-25f), 0x0002); // 1.5 units: ties to even, 2
    EXPECT_EQ(float_to_fp16(0x1.ff8p-15f), 0x03FF); // largest subnormal, 1023 units
    EXPECT_EQ(float_to_fp16(0x1.ffcp-15f), 0x0400); // 1023.5 units: ties to even, into the normals
    EXPECT_EQ(float_to_fp16(1.0f + 0x1p-11f), 0x3C00); // halfway, even stays
    EXPECT_EQ(float_to_fp16(1.0f + 0x3p-11f), 0x3C02); // halfway, odd rounds up
    EXPECT_EQ(float_to_fp16(1e-30f), 0x0000);
    EXPECT_EQ(float_to_fp16(from_bits(0x7FC00000)), 0x7E00); // quiet NaN
    EXPECT_EQ(float_to_fp16(from_bits(0xFF812345)), 0xFE09); // payload kept (top 9 bits), made quiet

    EXPECT_EQ(fp16_to_float(0x3C00), 1.0f);
    EXPECT_EQ(fp16_to_float(0x7BFF), 65504.0f);
    EXPECT_EQ(fp16_to_float(0x0001), 0x1p-24f);
    EXPECT_EQ(fp16_to_float(0x03FF), 0x1.ff8p-15f);
    EXPECT_EQ(bits(fp16_to_float(0x8000)), 0x80000000u);
    EXPECT_EQ(bits(fp16_to_float(0xFC00)), 0xFF800000u);
    EXPECT_EQ(bits(fp16_to_float(0x7C01)), 0x7FC02000u); // signalling NaN comes out quiet
}

TEST(Half, EveryHalfSurvivesTheRoundTrip)
{
    for (std::uint32_t h = 0; h <= 0xFFFF; ++h) {
        const auto half = static_cast<std::uint16_t>(h);
        const float f = fp16_to_float(half);
        if (is_half_nan(half)) {
            EXPECT_TRUE(std::isnan(f)) << h;
            EXPECT_EQ(float_to_fp16(f), half | 0x0200) << h; // quieted, payload kept
        } else {
            EXPECT_EQ(float_to_fp16(f), half) << h;
        }
    }
}

#if defined(__x86_64__)
TEST(Half, MatchesF16c)
{
    if (!__builtin_cpu_supports("f16c"))
        GTEST_SKIP() << "this CPU has no F16C";
    for (std::uint32_t h = 0; h <= 0xFFFF; ++h) {
        const auto half = static_cast<std::uint16_t>(h);
        ASSERT_EQ(bits(fp16_to_float(half)), bits(f16c_to_float(half))) << h;
    }
    // Every float would take minutes; a stride of 61 visits every exponent
    // and rounding case (the low 13 bits cycle through all residues).
    for (std::uint64_t b = 0; b <= 0xFFFF'FFFFull; b += 61) {
        const float f = from_bits(static_cast<std::uint32_t>(b));
        ASSERT_EQ(float_to_fp16(f), f16c_from_float(f)) << std::hex << b;
    }
}
#endif

// bfloat16 is the top half of a float, rounded to nearest even.
TEST(BFloat16, KnownValues)
{
    EXPECT_EQ(float_to_bf16(1.0f), 0x3F80);
    EXPECT_EQ(float_to_bf16(from_bits(0x3F808000)), 0x3F80); // halfway, even stays
    EXPECT_EQ(float_to_bf16(from_bits(0x3F818000)), 0x3F82); // halfway, odd rounds up
    EXPECT_EQ(float_to_bf16(from_bits(0x3F808001)), 0x3F81); // above halfway
    EXPECT_EQ(float_to_bf16(from_bits(0x7F7FFFFF)), 0x7F80); // the largest float rounds to infinity
    EXPECT_EQ(float_to_bf16(from_bits(0x00000001)), 0x0000); // subnormals round, not flush
    EXPECT_EQ(float_to_bf16(from_bits(0x00008000)), 0x0000); // halfway to 0x0001, even stays
    EXPECT_EQ(float_to_bf16(from_bits(0x00018000)), 0x0002);
    EXPECT_EQ(float_to_bf16(from_bits(0x7F800001)), 0x7FC0); // NaN, made quiet
    EXPECT_EQ(float_to_bf16(from_bits(0xFFFFFFFF)), 0xFFFF);
    EXPECT_EQ(float_to_bf16(-INFINITY), 0xFF80);
}

TEST(BFloat16, EveryBFloat16SurvivesTheRoundTrip)
{
    for (std::uint32_t h = 0; h <= 0xFFFF; ++h) {
        const auto b = static_cast<std::uint16_t>(h);
        const bool nan = (b & 0x7F80) == 0x7F80 && (b & 0x7F) != 0;
        EXPECT_EQ(float_to_bf16(bf16_to_float(b)), nan ? (b | 0x40) : b) << h;
    }
}
