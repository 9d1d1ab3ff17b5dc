#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/text/vocabulary.h"

// OpenAI's harmony format (gpt-oss): a reply is a run of messages, each
// "<|start|>assistant<|channel|>NAME[ to=RECIPIENT][<|constrain|>json]
// <|message|>BODY<|end|>", the last ended by <|return|> (an answer) or
// <|call|> (a tool call). The first message's "<|start|>assistant" is the end
// of the prompt. The channel says who reads the body: "analysis" is the
// model's reasoning, "final" the answer, and "commentary" addressed to
// "functions.NAME" a call of that tool with JSON arguments.
namespace hearth {

// Whether the vocabulary writes harmony's messages: its markers are tokens.
bool speaks_harmony(const Vocabulary& vocabulary);

struct HarmonyMessage {
    std::string channel; // analysis, commentary, final; empty when the header names none
    std::string recipient; // "functions.get_weather"; empty: the user
    std::string body;
    bool complete = false; // its end marker has come (or the reply has ended)
};

// The messages of a reply as generated so far, its markers rendered as text.
// Until `finished`, a body's last characters that may begin a marker
// ("<|e") are held back, so a body only grows as more text arrives. Text
// with no markers at all is one message with no channel.
std::vector<HarmonyMessage> harmony_messages(std::string_view text, bool finished);

// Rewrites a streamed harmony reply in the form the rest of Hearth reads from
// reasoning models: analysis as "<think>…</think>", tool calls as
// "<tool_call>{"name", "arguments"}</tool_call>", every other message as
// answer text. What push returns only ever extends what it returned before.
class HarmonyTranscoder {
public:
    std::string push(std::string_view piece); // the rewritten text that piece completes
    std::string finish(); // the rest, at the end of the reply

private:
    std::string rewrite(bool finished);
    std::string m_raw;
    std::size_t m_sent = 0; // characters of the rewritten text already returned
};

} // namespace hearth
