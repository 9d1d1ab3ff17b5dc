// Synthetic models for speed tests: a published shape in a chosen format with
// llama.cpp's tensor mix, loadable and runnable like a downloaded model, with
// finite outputs, leaving no file behind.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include <unistd.h>

#include "engine/convert/synthetic_model.h"
#include "engine/model/forward_pass.h"
#include "engine/model/model.h"
#include "engine/runtime/make_forward_pass.h"
#include "engine/runtime/speed_test.h"

namespace hearth {
namespace {

// A 20-token prompt through the pass the engine would choose: its logits
// are numbers.
void expect_finite_logits(const Model& model)
{
    ForwardPassOptions options;
    options.context = 64;
    options.threads = 2;
    auto pass = make_forward_pass(model, options).pass;
    std::vector<BatchToken> batch;
    for (std::uint32_t i = 0; i < 20; ++i)
        batch.push_back({ TokenId(3 + i * 37), i, 0, i == 19 });
    std::vector<float> logits(model.config().shape.vocab);
    pass->run(batch, logits);
    for (const float logit : logits)
        ASSERT_TRUE(std::isfinite(logit));
}

TEST(SyntheticModel, PublishedShapesAreKnownByName)
{
    const auto llama = synthetic_shape("llama-3.1-8b");
    ASSERT_TRUE(llama.has_value());
    EXPECT_EQ(llama->layers, 32u);
    EXPECT_EQ(llama->hidden, 4096u);
    EXPECT_EQ(llama->kv_heads, 8u);
    EXPECT_EQ(llama->ffn, 14336u);
    EXPECT_EQ(llama->vocab, 128256u);
    EXPECT_TRUE(synthetic_shape("qwen2.5-7b")->attention_bias);
    EXPECT_FALSE(synthetic_shape("llama-9000").has_value());
    EXPECT_GE(synthetic_shape_names().size(), 5u);
}

// A mixture of experts in the _M mix: 3-D expert tensors in the mix's types,
// a router kept in F32, and a pass that runs it.
TEST(SyntheticModel, AMixtureOfExpertsLoadsAndRuns)
{
    const auto shape = *synthetic_shape("tiny-moe");
    EXPECT_EQ(synthetic_shape("qwen3-30b-a3b")->experts_used, 8u);
    const auto model = synthetic_model(shape, ModelQuant::Q4_K_M);
    const auto& experts = model->weights().layers[0].experts;
    EXPECT_EQ(experts.router.type, GgmlType::F32);
    ASSERT_EQ(experts.gate.size(), shape.experts);
    EXPECT_EQ(experts.gate[7].rows, shape.expert_ffn);
    EXPECT_EQ(experts.gate[7].type, GgmlType::Q4_K);
    EXPECT_EQ(static_cast<const std::byte*>(experts.gate[1].data),
        static_cast<const std::byte*>(experts.gate[0].data) + shape.expert_ffn * experts.gate[0].row_bytes)
        << "views into one 3-D tensor";
    EXPECT_FALSE(model->weights().layers[0].w_gate.data) << "no dense feed-forward block";

    expect_finite_logits(*model);
}

class SyntheticQuant : public ::testing::TestWithParam<ModelQuant> { };

TEST_P(SyntheticQuant, LoadsWithTheMixAndRuns)
{
    const auto folder = std::filesystem::temp_directory_path() / ("hearth-synthetic-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    const auto shape = *synthetic_shape("tiny");
    const auto model = synthetic_model(shape, GetParam(), folder);
    EXPECT_TRUE(std::filesystem::is_empty(folder)) << "the file is removed once mapped";
    std::filesystem::remove(folder);

    EXPECT_EQ(model->config().shape.layers, shape.layers);
    EXPECT_EQ(model->config().shape.vocab, shape.vocab);
    EXPECT_EQ(model->tokenizer().vocabulary().size(), shape.vocab);
    const auto& weights = model->weights();
    if (GetParam() == ModelQuant::Q4_K_M) {
        EXPECT_EQ(weights.layers[1].wv.type, GgmlType::Q6_K); // attn_v gets more bits in the last eighth
        EXPECT_EQ(weights.layers[0].wv.type, GgmlType::Q4_K);
        EXPECT_EQ(weights.layers[0].wq.type, GgmlType::Q4_K);
        EXPECT_EQ(weights.output.type, GgmlType::Q6_K);
    }
    if (GetParam() == ModelQuant::F16) {
        EXPECT_EQ(weights.layers[1].w_down.type, GgmlType::F16);
    }

    expect_finite_logits(*model);

    SpeedTestOptions speed;
    speed.prompt_tokens = 16;
    speed.generated_tokens = 4;
    speed.repetitions = 1;
    speed.threads = 2;
    const auto result = measure_speed(*model, speed);
    EXPECT_GT(result.prompt_tokens_per_s, 0.0);
    EXPECT_GT(result.generated_tokens_per_s, 0.0);
}

INSTANTIATE_TEST_SUITE_P(Formats, SyntheticQuant,
    ::testing::Values(ModelQuant::F16, ModelQuant::BF16, ModelQuant::Q8_0, ModelQuant::Q4_K_M, ModelQuant::Q5_K_S,
        ModelQuant::Q6_K, ModelQuant::Q4_0),
    [](const auto& info) { return std::string(model_quant_name(info.param)); });

} // namespace
} // namespace hearth
