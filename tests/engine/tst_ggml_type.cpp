#include "engine/gguf/ggml_type.h"

#include <gtest/gtest.h>

using namespace hearth;

TEST(GgmlType, BlockLayoutsGiveTheKnownBitsPerWeight)
{
    EXPECT_DOUBLE_EQ(ggml_type_traits(0)->bits_per_weight(), 32.0); // F32
    EXPECT_DOUBLE_EQ(ggml_type_traits(1)->bits_per_weight(), 16.0); // F16
    EXPECT_DOUBLE_EQ(ggml_type_traits(30)->bits_per_weight(), 16.0); // BF16
    EXPECT_DOUBLE_EQ(ggml_type_traits(8)->bits_per_weight(), 8.5); // Q8_0
    EXPECT_DOUBLE_EQ(ggml_type_traits(2)->bits_per_weight(), 4.5); // Q4_0
    EXPECT_DOUBLE_EQ(ggml_type_traits(12)->bits_per_weight(), 4.5); // Q4_K
    EXPECT_DOUBLE_EQ(ggml_type_traits(13)->bits_per_weight(), 5.5); // Q5_K
    EXPECT_DOUBLE_EQ(ggml_type_traits(14)->bits_per_weight(), 6.5625); // Q6_K
    EXPECT_DOUBLE_EQ(ggml_type_traits(10)->bits_per_weight(), 2.625); // Q2_K
    EXPECT_DOUBLE_EQ(ggml_type_traits(11)->bits_per_weight(), 3.4375); // Q3_K
    EXPECT_DOUBLE_EQ(ggml_type_traits(23)->bits_per_weight(), 4.25); // IQ4_XS
    EXPECT_DOUBLE_EQ(ggml_type_traits(16)->bits_per_weight(), 2.0625); // IQ2_XXS
}

TEST(GgmlType, RetiredAndFutureNumbersAreUnknown)
{
    for (std::uint32_t id : { 4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u, 43u, 1000u })
        EXPECT_FALSE(ggml_type_traits(id).has_value()) << id;
}

TEST(GgmlType, NamesRoundTrip)
{
    for (std::uint32_t id = 0; id < 43; ++id) {
        const auto traits = ggml_type_traits(id);
        if (!traits)
            continue;
        const auto type = ggml_type_from_name(traits->name);
        ASSERT_TRUE(type.has_value()) << traits->name;
        EXPECT_EQ(static_cast<std::uint32_t>(*type), id);
    }
    EXPECT_FALSE(ggml_type_from_name("Q4_K_M").has_value()); // a file mix, not a tensor type
}

TEST(GgmlType, TensorBytesAreWholeBlocks)
{
    EXPECT_EQ(ggml_tensor_bytes(GgmlType::Q4_K, 4096ull * 4096), 4096ull * 4096 / 256 * 144);
    EXPECT_EQ(ggml_tensor_bytes(GgmlType::Q8_0, 64), 68u);
    EXPECT_EQ(ggml_tensor_bytes(GgmlType::F32, 3), 12u);
    EXPECT_FALSE(ggml_tensor_bytes(GgmlType::Q4_K, 100).has_value());
    EXPECT_FALSE(ggml_tensor_bytes(GgmlType::F32, ~0ull).has_value());
}
