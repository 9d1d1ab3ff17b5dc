#include "engine/text/vocabulary.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "engine/gguf/gguf_file.h"
#include "engine/gguf/gguf_writer.h"

namespace hearth {
namespace {

// Texts of tokens that end a reply. llama.cpp, our reference, treats a token
// with one of these texts as a control token that ends generation whatever
// its stored type (Qwen's vocabulary has a plain "</s>"); we do the same.
constexpr std::array<std::string_view, 22> kEndOfGenerationTexts {
    "<|eot_id|>",
    "<|im_end|>",
    "<|end|>",
    "<|return|>",
    "<|call|>",
    "<|flush|>",
    "<|calls|>",
    "<end_of_turn>",
    "<|endoftext|>",
    "</s>",
    "<|eom_id|>",
    "<EOT>",
    "_<EOT>",
    "[EOT]",
    "[EOS]",
    "<|end_of_text|>",
    "<end_of_utterance>",
    "<eos>",
    "<turn|>",
    "<|tool_response>",
    "<｜end▁of▁sentence｜>",
    "[e~[",
};

std::optional<TokenId> token_key(const GgufFile& file, const char* key, std::size_t vocabulary_size)
{
    const auto* value = file.find(key);
    if (!value)
        return std::nullopt;
    const auto id = value->as_int();
    if (!id || *id < 0 || static_cast<std::uint64_t>(*id) >= vocabulary_size) {
        // llama.cpp writes -1 (as uint32 0xFFFFFFFF) for "none".
        return std::nullopt;
    }
    return static_cast<TokenId>(*id);
}

} // namespace

void find_end_of_generation_tokens(Vocabulary& v)
{
    v.end_of_generation.clear();
    for (const auto& id : { v.eos, v.eot, v.eom })
        if (id)
            v.end_of_generation.push_back(*id);
    std::optional<TokenId> plain_s, end;
    bool has_tool_response = false, has_return = false, has_call = false, has_flush = false;
    for (TokenId id = 0; id < static_cast<TokenId>(v.tokens.size()); ++id) {
        const auto& text = v.tokens[id];
        if (std::find(kEndOfGenerationTexts.begin(), kEndOfGenerationTexts.end(), text) == kEndOfGenerationTexts.end())
            continue;
        if (text == "</s>")
            plain_s = id;
        has_tool_response = has_tool_response || text == "<|tool_response>";
        has_return = has_return || text == "<|return|>";
        has_call = has_call || text == "<|call|>" || text == "<|calls|>";
        has_flush = has_flush || text == "<|flush|>";
        if (text == "<|end|>")
            end = id;
        v.types[id] = TokenType::Control;
        v.end_of_generation.push_back(id);
    }
    // Gemma 4 uses </s> as text next to its <|tool_response>: not an end there.
    if (plain_s && has_tool_response) {
        std::erase(v.end_of_generation, *plain_s);
        v.types[*plain_s] = TokenType::Normal;
    }
    // Harmony (gpt-oss) ends a message with <|end|> and the reply with
    // <|return|> or <|call|>: there <|end|> is text between messages, and
    // llama.cpp makes it a user-defined token, as here.
    if (end && has_call && (has_return || has_flush)) {
        std::erase(v.end_of_generation, *end);
        v.types[*end] = TokenType::UserDefined;
    }
    std::sort(v.end_of_generation.begin(), v.end_of_generation.end());
    v.end_of_generation.erase(
        std::unique(v.end_of_generation.begin(), v.end_of_generation.end()), v.end_of_generation.end());
}

Vocabulary vocabulary_from_gguf(const GgufFile& file)
{
    const auto fail
        = [&](const std::string& what) -> TokenizerError { return TokenizerError(file.source() + ": " + what); };
    Vocabulary v;
    const auto model = file.get_string("tokenizer.ggml.model");
    if (!model)
        throw fail("tokenizer.ggml.model is missing — the file has no tokenizer");
    if (*model == "gpt2")
        v.kind = TokenizerKind::ByteLevelBpe;
    else if (*model == "llama")
        v.kind = TokenizerKind::SentencePiece;
    else
        throw fail("tokenizer \"" + std::string(*model)
            + "\" is not supported yet; Hearth reads byte-level BPE (gpt2) and SentencePiece (llama) vocabularies");

    const auto* tokens = file.find("tokenizer.ggml.tokens");
    if (!tokens || !tokens->as_array() || tokens->as_array()->element_type != GgufType::String)
        throw fail("tokenizer.ggml.tokens is missing or not a list of strings");
    for (const auto text : tokens->strings())
        v.tokens.emplace_back(text);
    const auto n = v.tokens.size();

    v.types.assign(n, TokenType::Normal);
    if (const auto* types = file.find("tokenizer.ggml.token_type")) {
        const auto values = types->integers();
        if (values.size() != n)
            throw fail("tokenizer.ggml.token_type has " + std::to_string(values.size()) + " entries for "
                + std::to_string(n) + " tokens");
        for (std::size_t i = 0; i < n; ++i)
            v.types[i] = values[i] >= 0 && values[i] <= 6 ? static_cast<TokenType>(values[i]) : TokenType::Undefined;
    }

    if (v.kind == TokenizerKind::SentencePiece) {
        const auto* scores = file.find("tokenizer.ggml.scores");
        if (!scores)
            throw fail("tokenizer.ggml.scores is missing — a SentencePiece vocabulary needs its piece scores");
        for (const double score : scores->reals())
            v.scores.push_back(static_cast<float>(score));
        if (v.scores.size() != n)
            throw fail("tokenizer.ggml.scores has " + std::to_string(v.scores.size()) + " entries for "
                + std::to_string(n) + " tokens");
        v.bos = 1, v.eos = 2, v.unk = 0; // SentencePiece's defaults when the file names none
        v.add_bos = true;
        v.add_space_prefix = true;
    } else {
        const auto pre = file.get_string("tokenizer.ggml.pre");
        v.pre = pre ? std::string(*pre) : "default";
        const auto* merges = file.find("tokenizer.ggml.merges");
        if (!merges || !merges->as_array())
            throw fail("tokenizer.ggml.merges is missing — a byte-level BPE vocabulary needs its merges");
        for (const auto merge : merges->strings())
            v.merges.emplace_back(merge);
        // llama.cpp adds BOS for the Llama 3 pre-tokenizer unless the file says otherwise.
        v.add_bos = v.pre == "llama-bpe" || v.pre == "llama3" || v.pre == "llama-v3";
    }

    if (const auto id = token_key(file, "tokenizer.ggml.bos_token_id", n);
        id || file.find("tokenizer.ggml.bos_token_id"))
        v.bos = id;
    if (const auto id = token_key(file, "tokenizer.ggml.eos_token_id", n);
        id || file.find("tokenizer.ggml.eos_token_id"))
        v.eos = id;
    if (const auto id = token_key(file, "tokenizer.ggml.unknown_token_id", n);
        id || file.find("tokenizer.ggml.unknown_token_id"))
        v.unk = id;
    v.eot = token_key(file, "tokenizer.ggml.eot_token_id", n);
    v.eom = token_key(file, "tokenizer.ggml.eom_token_id", n);
    v.pad = token_key(file, "tokenizer.ggml.padding_token_id", n);
    if (const auto* add = file.find("tokenizer.ggml.add_bos_token"); add && add->as_bool())
        v.add_bos = *add->as_bool();
    if (const auto* add = file.find("tokenizer.ggml.add_eos_token"); add && add->as_bool())
        v.add_eos = *add->as_bool();
    if (const auto* add = file.find("tokenizer.ggml.add_space_prefix"); add && add->as_bool())
        v.add_space_prefix = *add->as_bool();
    if (v.add_bos && !v.bos)
        throw fail("tokenizer.ggml.add_bos_token is set but the file names no BOS token");
    if (const auto text = file.get_string("tokenizer.chat_template"))
        v.chat_template = std::string(*text);
    find_end_of_generation_tokens(v);
    return v;
}

void write_vocabulary(GgufWriter& writer, const Vocabulary& v)
{
    writer.set_string("tokenizer.ggml.model", v.kind == TokenizerKind::ByteLevelBpe ? "gpt2" : "llama");
    if (v.kind == TokenizerKind::ByteLevelBpe)
        writer.set_string("tokenizer.ggml.pre", v.pre);
    writer.set_strings("tokenizer.ggml.tokens", v.tokens);
    std::vector<std::int32_t> types;
    types.reserve(v.types.size());
    for (const auto type : v.types)
        types.push_back(static_cast<std::int32_t>(type));
    writer.set_int32s("tokenizer.ggml.token_type", types);
    if (v.kind == TokenizerKind::SentencePiece)
        writer.set_float32s("tokenizer.ggml.scores", v.scores);
    else
        writer.set_strings("tokenizer.ggml.merges", v.merges);
    const auto id_key = [&](const char* key, const std::optional<TokenId>& id) {
        if (id)
            writer.set_uint32(key, static_cast<std::uint32_t>(*id));
    };
    id_key("tokenizer.ggml.bos_token_id", v.bos);
    id_key("tokenizer.ggml.eos_token_id", v.eos);
    id_key("tokenizer.ggml.eot_token_id", v.eot);
    id_key("tokenizer.ggml.eom_token_id", v.eom);
    id_key("tokenizer.ggml.unknown_token_id", v.unk);
    id_key("tokenizer.ggml.padding_token_id", v.pad);
    writer.set_bool("tokenizer.ggml.add_bos_token", v.add_bos);
    writer.set_bool("tokenizer.ggml.add_eos_token", v.add_eos);
    if (v.kind == TokenizerKind::SentencePiece)
        writer.set_bool("tokenizer.ggml.add_space_prefix", v.add_space_prefix);
    if (!v.chat_template.empty())
        writer.set_string("tokenizer.chat_template", v.chat_template);
}

} // namespace hearth
