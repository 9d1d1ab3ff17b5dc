#include "runtime/prompt.h"

#include "text/chat_prompt.h"
#include "text/tokenizer.h"

namespace hearth {

std::vector<TokenId> prompt_from_text(const Tokenizer& tokenizer, std::string_view text)
{
    return tokenizer.encode(text, { .add_special = true, .parse_special = false });
}

std::vector<TokenId> prompt_from_conversation(const Tokenizer& tokenizer, const nlohmann::ordered_json& conversation)
{
    const auto& vocabulary = tokenizer.vocabulary();
    const auto prompt = render_chat_prompt(vocabulary, conversation, true);
    auto ids = tokenizer.encode(prompt.text, { .add_special = true, .parse_special = true });
    // Templates that write bos_token themselves would otherwise get two.
    if (vocabulary.bos && ids.size() >= 2 && ids[0] == *vocabulary.bos && ids[1] == *vocabulary.bos)
        ids.erase(ids.begin());
    return ids;
}

} // namespace hearth
