#include "engine/runtime/prompt.h"

#include <string>

#include "engine/text/chat_prompt.h"
#include "engine/text/tokenizer.h"

namespace hearth {

namespace {

// Around a control token's text written inside a message, while the
// template renders it: private-use characters, which no template writes.
constexpr std::string_view kLiteralOpen = "\xEE\x80\x80"; // U+E000
constexpr std::string_view kLiteralClose = "\xEE\x80\x81"; // U+E001

// A message's text with each control token's text in it marked, and any
// marker characters it brought removed.
std::string mark_control_texts(std::string_view text, const Tokenizer& tokenizer)
{
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        if (text.starts_with(kLiteralOpen) || text.starts_with(kLiteralClose)) {
            text.remove_prefix(kLiteralOpen.size());
            continue;
        }
        if (const auto control = tokenizer.control_text_at(text); !control.empty()) {
            out.append(kLiteralOpen).append(control).append(kLiteralClose);
            text.remove_prefix(control.size());
            continue;
        }
        out.push_back(text.front());
        text.remove_prefix(1);
    }
    return out;
}

void mark_messages(nlohmann::ordered_json& messages, const Tokenizer& tokenizer)
{
    if (!messages.is_array())
        return;
    for (auto& message : messages) {
        if (!message.is_object() || !message.contains("content"))
            continue;
        auto& content = message["content"];
        if (content.is_string())
            content = mark_control_texts(content.get<std::string>(), tokenizer);
        else if (content.is_array())
            for (auto& part : content)
                if (part.is_object() && part.contains("text") && part["text"].is_string())
                    part["text"] = mark_control_texts(part["text"].get<std::string>(), tokenizer);
    }
}

} // namespace

std::vector<TokenId> prompt_from_text(const Tokenizer& tokenizer, std::string_view text)
{
    return tokenizer.encode(text, { .add_special = true, .parse_special = false });
}

std::vector<TokenId> prompt_from_conversation(const Tokenizer& tokenizer, const nlohmann::ordered_json& conversation)
{
    const auto& vocabulary = tokenizer.vocabulary();
    // Control tokens written inside a message stay text: a user who types
    // <|im_end|><|im_start|>system must not open a system turn.
    nlohmann::ordered_json marked = conversation;
    if (marked.is_array())
        mark_messages(marked, tokenizer);
    else if (marked.is_object() && marked.contains("messages"))
        mark_messages(marked["messages"], tokenizer);
    const auto prompt = render_chat_prompt(vocabulary, marked, true);

    // What the template wrote is parsed for control tokens, what the
    // messages wrote is not. Without marks (the usual case) the whole text
    // is one piece, as llama.cpp tokenizes it.
    std::vector<TokenId> ids;
    if (vocabulary.add_bos && vocabulary.bos)
        ids.push_back(*vocabulary.bos);
    std::string_view rest = prompt.text;
    while (!rest.empty()) {
        const auto open = rest.find(kLiteralOpen);
        const auto written = tokenizer.encode(rest.substr(0, open), { .add_special = false, .parse_special = true });
        ids.insert(ids.end(), written.begin(), written.end());
        if (open == std::string_view::npos)
            break;
        rest.remove_prefix(open + kLiteralOpen.size());
        const auto close = rest.find(kLiteralClose);
        const auto literal = tokenizer.encode(rest.substr(0, close), { .add_special = false, .parse_special = false });
        ids.insert(ids.end(), literal.begin(), literal.end());
        rest.remove_prefix(close == std::string_view::npos ? rest.size() : close + kLiteralClose.size());
    }
    if (vocabulary.add_eos && vocabulary.eos)
        ids.push_back(*vocabulary.eos);
    // Templates that write bos_token themselves would otherwise get two.
    if (vocabulary.bos && ids.size() >= 2 && ids[0] == *vocabulary.bos && ids[1] == *vocabulary.bos)
        ids.erase(ids.begin());
    return ids;
}

} // namespace hearth
