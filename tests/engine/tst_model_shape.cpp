#include "engine/model/model_shape.h"

#include <gtest/gtest.h>

#include "engine/gguf/gguf_file.h"
#include "tests/engine/shapes.h"
#include "tests/support/gguf_builder.h"

using namespace hearth;

namespace {

// Within `tolerance` (a fraction) of the count the model's authors publish.
void expect_near_published(const ModelShape& shape, double published, double tolerance = 0.005)
{
    const double counted = static_cast<double>(count_parameters(shape).total());
    EXPECT_NEAR(counted / published, 1.0, tolerance) << shape.architecture << ": counted " << counted;
}

} // namespace

TEST(ModelShape, ParameterCountsMatchPublishedSizes)
{
    expect_near_published(test::llama31_8b(), 8.030e9);
    expect_near_published(test::llama33_70b(), 70.55e9);
    expect_near_published(test::qwen25_7b(), 7.616e9);
    expect_near_published(test::qwen25_05b(), 0.494e9);
    expect_near_published(test::mixtral_8x7b(), 46.70e9);
    expect_near_published(test::deepseek_v3(), 671.0e9);
}

// A mixture of experts counts what each token uses apart: its authors
// publish both numbers.
TEST(ModelShape, ActiveParametersOfAMixtureOfExpertsMatchPublishedSizes)
{
    const auto mixtral = count_parameters(test::mixtral_8x7b());
    EXPECT_NEAR(static_cast<double>(mixtral.active()) / 12.9e9, 1.0, 0.01) << mixtral.active();
    const auto dense = count_parameters(test::llama31_8b());
    EXPECT_EQ(dense.active(), dense.total());
}

TEST(ModelShape, Llama8bCountsExactly)
{
    // 2 × 128256 × 4096 embeddings + 32 × (attention 41 943 040 + FFN 176 160 768
    // + norms 8192) + final norm 4096, worked out by hand.
    EXPECT_EQ(count_parameters(test::llama31_8b()).total(), 8030261248ull);
}

TEST(ModelShape, ReadsAGgufFile)
{
    test::TinyLlama tiny;
    const auto bytes = tiny.builder().build();
    const auto file = GgufFile::parse(bytes, "tiny.gguf");
    const auto shape = shape_from_gguf(file);
    EXPECT_EQ(shape.architecture, "llama");
    EXPECT_EQ(shape.layers, tiny.layers);
    EXPECT_EQ(shape.hidden, tiny.hidden);
    EXPECT_EQ(shape.heads, tiny.heads);
    EXPECT_EQ(shape.kv_heads, tiny.kv_heads);
    EXPECT_EQ(shape.head_dim, tiny.hidden / tiny.heads);
    EXPECT_EQ(shape.ffn, tiny.ffn);
    EXPECT_EQ(shape.vocab, tiny.vocab);
    EXPECT_EQ(shape.max_context, tiny.context);
    EXPECT_FALSE(shape.tied_embeddings);
    EXPECT_FALSE(shape.is_moe());
    // The shape's own count agrees with the file's tensors.
    EXPECT_EQ(count_parameters(shape).total(), file.tensor_elements());
}

TEST(ModelShape, StoredWeightsAreTheExactSumOfTensors)
{
    test::TinyLlama tiny;
    tiny.matrix = test::kQ8_0;
    const auto builder = tiny.builder();
    const auto bytes = builder.build();
    const auto file = GgufFile::parse(bytes, "tiny.gguf");
    const auto weights = stored_weights(file, shape_from_gguf(file));
    EXPECT_EQ(weights.total_bytes(), builder.tensor_bytes());
    EXPECT_EQ(weights.quantization, "Q8_0");
    ASSERT_EQ(weights.layer_bytes.size(), 2u);
    // Per layer by hand: 7 Q8_0 matrices (q and o 64×64, k and v 64×32 for
    // 2 KV heads of 16, FFN 3 × 64×128; 34 bytes per 32 weights) + 2 F32 norms of 64.
    const std::uint64_t layer = (2 * 64 * 64 + 2 * 64 * 32 + 3 * 64 * 128) / 32 * 34 + 2 * 64 * 4;
    EXPECT_EQ(weights.layer_bytes[0], layer);
    EXPECT_EQ(weights.embedding_bytes, 64u * 256 / 32 * 34);
    EXPECT_EQ(weights.output_bytes, 64u * 256 / 32 * 34 + 64 * 4);
}

TEST(ModelShape, MissingKeysAreNamed)
{
    const auto bytes
        = test::GgufBuilder().string("general.architecture", "llama").uint32("llama.block_count", 2).build();
    const auto file = GgufFile::parse(bytes, "partial.gguf");
    try {
        shape_from_gguf(file);
        FAIL() << "expected an error";
    } catch (const GgufError& e) {
        EXPECT_STREQ(e.what(), "partial.gguf: llama.embedding_length is missing — the file's metadata is incomplete");
    }
    const auto no_arch = test::GgufBuilder().build();
    EXPECT_THROW(shape_from_gguf(GgufFile::parse(no_arch, "x.gguf")), GgufError);
}
