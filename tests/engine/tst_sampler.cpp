// The sampler chain and stop strings: each filter on hand-made logits whose
// answer is known.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "engine/runtime/sampler.h"
#include "engine/runtime/stop_strings.h"

namespace hearth {
namespace {

SamplingParams greedy()
{
    SamplingParams params;
    params.temperature = 0.0f;
    return params;
}

TEST(Sampler, GreedyPicksTheLargestLogitAndTheFirstOfEquals)
{
    Sampler sampler(greedy());
    EXPECT_EQ(sampler.sample(std::vector<float> { 0.1f, 3.0f, -2.0f, 2.9f }, {}).token, 1);
    EXPECT_EQ(sampler.sample(std::vector<float> { 1.0f, 5.0f, 5.0f }, {}).token, 1);
}

TEST(Sampler, LogprobsAreTheLogSoftmaxOfTheRawLogits)
{
    auto params = greedy();
    params.top_logprobs = 2;
    Sampler sampler(params);
    const std::vector<float> logits { std::log(0.5f), std::log(0.25f), std::log(0.25f) };
    const auto choice = sampler.sample(logits, {});
    EXPECT_NEAR(choice.logprob, std::log(0.5f), 1e-6);
    ASSERT_EQ(choice.top.size(), 2u);
    EXPECT_EQ(choice.top[0].token, 0);
    EXPECT_NEAR(choice.top[1].logprob, std::log(0.25f), 1e-6);
}

TEST(Sampler, TheSameSeedGivesTheSameDrawsAndAnotherSeedOtherDraws)
{
    std::vector<float> logits(50);
    for (std::size_t i = 0; i < logits.size(); ++i)
        logits[i] = static_cast<float>(i % 7) * 0.3f;
    SamplingParams params;
    params.temperature = 1.5f;
    params.top_k = 0;
    params.top_p = 1.0f;
    params.min_p = 0.0f;
    const auto draws = [&](std::uint64_t seed) {
        params.seed = seed;
        Sampler sampler(params);
        std::vector<TokenId> out;
        for (int i = 0; i < 40; ++i)
            out.push_back(sampler.sample(logits, {}).token);
        return out;
    };
    EXPECT_EQ(draws(7), draws(7));
    EXPECT_NE(draws(7), draws(8));
}

TEST(Sampler, TopKKeepsOnlyTheKBest)
{
    SamplingParams params;
    params.temperature = 100.0f; // nearly uniform over what is kept
    params.top_k = 2;
    params.top_p = 1.0f;
    params.min_p = 0.0f;
    Sampler sampler(params);
    const std::vector<float> logits { 0.0f, 1.0f, 3.0f, 2.0f };
    std::map<TokenId, int> seen;
    for (int i = 0; i < 400; ++i)
        ++seen[sampler.sample(logits, {}).token];
    EXPECT_EQ(seen.size(), 2u);
    EXPECT_GT(seen[2], 100);
    EXPECT_GT(seen[3], 100);
}

TEST(Sampler, TopPKeepsTheSmallestSetReachingP)
{
    SamplingParams params;
    params.temperature = 1.0f;
    params.top_k = 0;
    params.top_p = 0.7f; // 0.6 alone is not enough, 0.6 + 0.3 is
    params.min_p = 0.0f;
    Sampler sampler(params);
    const std::vector<float> logits { std::log(0.6f), std::log(0.3f), std::log(0.1f) };
    std::map<TokenId, int> seen;
    for (int i = 0; i < 600; ++i)
        ++seen[sampler.sample(logits, {}).token];
    EXPECT_EQ(seen.count(2), 0u);
    EXPECT_GT(seen[1], 100);
}

TEST(Sampler, MinPDropsTokensFarBelowTheBest)
{
    SamplingParams params;
    params.temperature = 1.0f;
    params.top_k = 0;
    params.top_p = 1.0f;
    params.min_p = 0.2f; // keeps p >= 0.2 × 0.5
    Sampler sampler(params);
    const std::vector<float> logits { std::log(0.5f), std::log(0.42f), std::log(0.08f) };
    for (int i = 0; i < 300; ++i)
        EXPECT_NE(sampler.sample(logits, {}).token, 2);
}

TEST(Sampler, PenaltiesLowerTokensAlreadySeen)
{
    auto params = greedy();
    params.presence_penalty = 1.0f;
    Sampler presence(params);
    const std::vector<float> logits { 2.0f, 1.5f };
    EXPECT_EQ(presence.sample(logits, std::vector<TokenId> { 0 }).token, 1);

    params = greedy();
    params.frequency_penalty = 0.2f;
    Sampler frequency(params);
    EXPECT_EQ(frequency.sample(logits, std::vector<TokenId> { 0, 0 }).token, 0); // 2.0 − 0.4 > 1.5
    EXPECT_EQ(frequency.sample(logits, std::vector<TokenId> { 0, 0, 0 }).token, 1); // 2.0 − 0.6 < 1.5

    params = greedy();
    params.repetition_penalty = 1.5f;
    Sampler repetition(params);
    EXPECT_EQ(repetition.sample(logits, std::vector<TokenId> { 0 }).token, 1); // 2.0 / 1.5 < 1.5
}

TEST(StopStrings, TextWithoutStopsPassesThroughAtOnce)
{
    StopStrings stops({ "###" });
    EXPECT_EQ(stops.push("hello").text, "hello");
    EXPECT_EQ(stops.push(" world").text, " world");
}

TEST(StopStrings, AStopSpanningPiecesIsFoundAndNeverShown)
{
    StopStrings stops({ "<END>" });
    auto a = stops.push("answer <E");
    EXPECT_EQ(a.text, "answer ");
    EXPECT_FALSE(a.stopped);
    auto b = stops.push("N");
    EXPECT_EQ(b.text, "");
    auto c = stops.push("D> more");
    EXPECT_TRUE(c.stopped);
    EXPECT_EQ(c.text, "");
}

TEST(StopStrings, HeldBackTextThatIsNotAStopComesOut)
{
    StopStrings stops({ "<END>" });
    EXPECT_EQ(stops.push("a <E").text, "a ");
    EXPECT_EQ(stops.push("X").text, "<EX");
    EXPECT_EQ(stops.push("<").text, "");
    EXPECT_EQ(stops.finish(), "<");
}

TEST(StopStrings, TheEarliestOfSeveralStopsWins)
{
    StopStrings stops({ "bb", "a" });
    const auto result = stops.push("xxbbya");
    EXPECT_TRUE(result.stopped);
    EXPECT_EQ(result.text, "xx");
}

} // namespace
} // namespace hearth
