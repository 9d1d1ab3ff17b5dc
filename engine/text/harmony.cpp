#include "engine/text/harmony.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

namespace hearth {
namespace {

constexpr std::string_view kStart = "<|start|>";
constexpr std::string_view kChannel = "<|channel|>";
constexpr std::string_view kMessage = "<|message|>";
constexpr std::array<std::string_view, 4> kBodyEnds { "<|end|>", "<|return|>", "<|call|>", "<|start|>" };

// The word after `key` in a header, up to a space or a marker.
std::string word_after(std::string_view header, std::string_view key)
{
    const auto at = header.find(key);
    if (at == std::string_view::npos)
        return {};
    const auto begin = at + key.size();
    const auto end = header.find_first_of(" <", begin);
    return std::string(header.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
}

// A body still being written may end in the first characters of a marker.
std::string_view without_partial_marker(std::string_view body)
{
    const auto open = body.rfind("<|");
    if (open != std::string_view::npos && body.find("|>", open) == std::string_view::npos)
        return body.substr(0, open);
    if (body.ends_with('<'))
        return body.substr(0, body.size() - 1);
    return body;
}

// {"name", "arguments"}, the arguments as an object when they are JSON.
std::string tool_call_block(const HarmonyMessage& message)
{
    constexpr std::string_view functions = "functions.";
    std::string name = message.recipient;
    if (name.starts_with(functions))
        name.erase(0, functions.size());
    nlohmann::ordered_json call { { "name", name } };
    auto arguments = nlohmann::ordered_json::parse(message.body, nullptr, false);
    call["arguments"] = arguments.is_discarded() ? nlohmann::ordered_json(message.body) : std::move(arguments);
    return "<tool_call>" + call.dump() + "</tool_call>";
}

} // namespace

bool speaks_harmony(const Vocabulary& vocabulary)
{
    bool channel = false, message = false;
    for (const auto& token : vocabulary.tokens) {
        channel = channel || token == kChannel;
        message = message || token == kMessage;
    }
    return channel && message;
}

std::vector<HarmonyMessage> harmony_messages(std::string_view text, bool finished)
{
    std::vector<HarmonyMessage> messages;
    if (text.find(kChannel) == std::string_view::npos && text.find(kMessage) == std::string_view::npos) {
        messages.push_back({ {}, {}, std::string(finished ? text : without_partial_marker(text)), finished });
        return messages;
    }
    std::size_t position = 0;
    while (position < text.size()) {
        if (text.substr(position).starts_with(kStart))
            position += kStart.size();
        const auto header_end = text.find(kMessage, position);
        if (header_end == std::string_view::npos)
            break; // a header still being written: nothing of its message yet
        // "assistant<|channel|>commentary to=functions.f <|constrain|>json":
        // the recipient may stand before the channel or after it.
        const auto header = text.substr(position, header_end - position);
        HarmonyMessage message { word_after(header, kChannel), word_after(header, "to="), {}, false };
        const auto body_begin = header_end + kMessage.size();
        std::size_t body_end = text.size(), marker = 0;
        for (const auto end : kBodyEnds) {
            const auto at = text.find(end, body_begin);
            if (at != std::string_view::npos && at < body_end) {
                body_end = at;
                marker = end == kStart ? 0 : end.size();
            }
        }
        message.complete = body_end < text.size() || finished;
        const auto body = text.substr(body_begin, body_end - body_begin);
        message.body = message.complete ? body : without_partial_marker(body);
        messages.push_back(std::move(message));
        position = body_end + marker;
    }
    return messages;
}

std::string HarmonyTranscoder::rewrite(bool finished)
{
    std::string text;
    bool after_answer = false;
    for (const auto& message : harmony_messages(m_raw, finished)) {
        const bool answer = message.channel != "analysis"
            && (message.recipient.empty() || message.recipient == "user" || message.recipient == "all");
        if (message.channel == "analysis")
            text += "<think>" + message.body + (message.complete ? "</think>" : "");
        else if (!answer)
            text += message.complete ? tool_call_block(message) : std::string();
        else
            text += (after_answer && !message.body.empty() ? "\n\n" : "") + message.body;
        after_answer = answer && (after_answer || !message.body.empty());
    }
    return text;
}

std::string HarmonyTranscoder::push(std::string_view piece)
{
    m_raw += piece;
    const std::string text = rewrite(false);
    std::string fresh = text.size() > m_sent ? text.substr(m_sent) : std::string();
    m_sent = std::max(m_sent, text.size());
    return fresh;
}

std::string HarmonyTranscoder::finish()
{
    const std::string text = rewrite(true);
    std::string rest = text.size() > m_sent ? text.substr(m_sent) : std::string();
    m_sent = text.size();
    return rest;
}

} // namespace hearth
