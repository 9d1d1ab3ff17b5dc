#include "text/chat_prompt.h"

namespace hearth {

ChatPrompt render_chat_prompt(const Vocabulary& vocabulary, const nlohmann::ordered_json& conversation, bool add_generation_prompt,
                              const TemplateClock& clock)
{
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

}  // namespace hearth
