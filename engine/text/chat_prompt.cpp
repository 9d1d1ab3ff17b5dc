#include "engine/text/chat_prompt.h"

#include <utility>
#include <vector>

namespace hearth {
namespace {

// Copying JSON recurses once per level: a hostile conversation file nested
// 100 000 deep would overflow the stack before the template's own depth
// check saw it, so the depth is measured first, without recursion.
bool nests_deeper_than(const nlohmann::ordered_json& root, std::size_t limit)
{
    std::vector<std::pair<const nlohmann::ordered_json*, std::size_t>> pending { { &root, 0 } };
    while (!pending.empty()) {
        const auto [node, depth] = pending.back();
        pending.pop_back();
        if (depth > limit)
            return true;
        if (node->is_structured())
            for (const auto& child : *node)
                pending.emplace_back(&child, depth + 1);
    }
    return false;
}

} // namespace

ChatPrompt render_chat_prompt(const Vocabulary& vocabulary, const nlohmann::ordered_json& conversation,
    bool add_generation_prompt, const TemplateClock& clock)
{
    constexpr std::size_t kMaxDepth = 256;
    if (nests_deeper_than(conversation, kMaxDepth))
        throw TemplateError(
            std::nullopt, "the conversation nests deeper than " + std::to_string(kMaxDepth) + " levels");
    nlohmann::ordered_json context = nlohmann::ordered_json::object();
    if (conversation.is_array()) {
        context["messages"] = conversation;
    } else if (conversation.is_object() && conversation.contains("messages")) {
        context = conversation;
    } else {
        throw TemplateError(std::nullopt, "the conversation must be a list of messages or an object with \"messages\"");
    }
    if (!context.contains("add_generation_prompt"))
        context["add_generation_prompt"] = add_generation_prompt;
    const auto token_text = [&](const std::optional<TokenId>& id) {
        return id && static_cast<std::size_t>(*id) < vocabulary.size() ? vocabulary.tokens[*id] : std::string();
    };
    if (!context.contains("bos_token"))
        context["bos_token"] = token_text(vocabulary.bos);
    if (!context.contains("eos_token"))
        context["eos_token"] = token_text(vocabulary.eos);

    ChatPrompt prompt;
    prompt.default_template = vocabulary.chat_template.empty();
    const auto source = prompt.default_template ? std::string(ChatTemplate::chatml()) : vocabulary.chat_template;
    prompt.text = ChatTemplate::parse(source).render(context, clock);
    return prompt;
}

} // namespace hearth
