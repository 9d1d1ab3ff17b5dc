// Harmony replies (gpt-oss): their messages, and the text the rest of Hearth
// reads from them, streamed and whole.
#include <gtest/gtest.h>

#include "engine/text/harmony.h"

namespace hearth {
namespace {

constexpr std::string_view kThinkThenAnswer = "<|channel|>analysis<|message|>The user greets me.<|end|>"
                                              "<|start|>assistant<|channel|>final<|message|>Hello there!";

std::string transcoded(std::string_view reply)
{
    HarmonyTranscoder transcoder;
    std::string text = transcoder.push(reply);
    return text + transcoder.finish();
}

TEST(Harmony, MessagesHaveTheirChannelsAndBodies)
{
    const auto messages = harmony_messages(kThinkThenAnswer, true);
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].channel, "analysis");
    EXPECT_EQ(messages[0].body, "The user greets me.");
    EXPECT_TRUE(messages[0].complete);
    EXPECT_EQ(messages[1].channel, "final");
    EXPECT_EQ(messages[1].body, "Hello there!");
    EXPECT_FALSE(harmony_messages(kThinkThenAnswer, false)[1].complete);
}

TEST(Harmony, AnalysisBecomesThinkingBeforeTheAnswer)
{
    EXPECT_EQ(transcoded(kThinkThenAnswer), "<think>The user greets me.</think>Hello there!");
}

// Streamed a character at a time, the text is the same as whole, and never
// shows a marker's first characters.
TEST(Harmony, StreamedCharacterByCharacterItIsTheSameText)
{
    HarmonyTranscoder transcoder;
    std::string streamed;
    for (const char c : kThinkThenAnswer) {
        const std::string piece = transcoder.push(std::string_view(&c, 1));
        EXPECT_EQ(piece.find("<|"), std::string::npos) << streamed;
        streamed += piece;
    }
    streamed += transcoder.finish();
    EXPECT_EQ(streamed, transcoded(kThinkThenAnswer));
    EXPECT_EQ(harmony_messages("<|channel|>analysis<|message|>Let me see <|en", false)[0].body, "Let me see ");
}

TEST(Harmony, ACommentaryToAFunctionIsAToolCall)
{
    const std::string reply = "<|channel|>analysis<|message|>Need the weather.<|end|>"
                              "<|start|>assistant<|channel|>commentary to=functions.get_weather "
                              "<|constrain|>json<|message|>{\"city\": \"Paris\"}";
    const auto messages = harmony_messages(reply, true);
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[1].channel, "commentary");
    EXPECT_EQ(messages[1].recipient, "functions.get_weather");
    EXPECT_EQ(transcoded(reply),
        "<think>Need the weather.</think><tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}"
        "</tool_call>");
    // Not before the reply ends: its arguments may still grow.
    HarmonyTranscoder transcoder;
    EXPECT_EQ(transcoder.push(reply), "<think>Need the weather.</think>");
}

// The chat template writes the recipient before the channel; models do both.
TEST(Harmony, TheRecipientMayStandBeforeTheChannel)
{
    const auto messages = harmony_messages(" to=functions.search<|channel|>commentary json<|message|>{}", true);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].recipient, "functions.search");
    EXPECT_EQ(messages[0].body, "{}");
}

TEST(Harmony, ACommentaryToNobodyIsPartOfTheAnswer)
{
    EXPECT_EQ(transcoded("<|channel|>commentary<|message|>Checking now.<|end|>"
                         "<|start|>assistant<|channel|>final<|message|>Done."),
        "Checking now.\n\nDone.");
}

TEST(Harmony, TextWithoutMarkersIsAllAnswer)
{
    EXPECT_EQ(transcoded("Just text."), "Just text.");
    HarmonyTranscoder transcoder;
    EXPECT_EQ(transcoder.push("Just text <|"), "Just text ");
    EXPECT_EQ(transcoder.finish(), "<|");
}

} // namespace
} // namespace hearth
