#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "engine/text/vocabulary.h"

namespace hearth {
namespace {

using Json = nlohmann::json;

Json read_json(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw TokenizerError(path.string() + ": cannot be read");
    try {
        return Json::parse(in);
    } catch (const Json::exception& e) {
        throw TokenizerError(path.filename().string() + ": not valid JSON (" + e.what() + ")");
    }
}

// A special token in tokenizer_config.json: a string or {"content": …}.
std::string token_text(const Json& value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_object() && value.contains("content") && value["content"].is_string())
        return value["content"].get<std::string>();
    return {};
}

// llama.cpp's converter treats these added tokens as control tokens even when
// tokenizer.json does not mark them special; doing the same keeps a GGUF we
// write tokenizing as one it wrote.
bool looks_special(const std::string& t)
{
    const auto wrapped = [&](std::string_view open, std::string_view close) {
        return t.size() >= open.size() + close.size() && t.starts_with(open) && t.ends_with(close);
    };
    return t == "<pad>" || t == "<mask>" || t == "<2mass>" || t == "[@BOS@]" || wrapped("<|", "|>")
        || wrapped("<｜", "｜>") || wrapped("<unused", ">");
}

bool is_byte_token(const std::string& t)
{
    return t.size() == 6 && t.starts_with("<0x") && t.back() == '>' && std::isxdigit(static_cast<unsigned char>(t[3]))
        && std::isxdigit(static_cast<unsigned char>(t[4]));
}

// Known split patterns of byte-level BPE tokenizers, by the name GGUF gives them.
std::string pre_tokenizer_name(const Json& pre, const std::filesystem::path& path)
{
    const std::string llama3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| "
                               "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    const std::string qwen2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| "
                              "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    const std::string o200k
        = "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'"
          "ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:"
          "'s|"
          "'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    std::string pattern;
    const auto find_split = [&](const Json& node, auto&& self) -> void {
        if (node.is_object()) {
            if (node.value("type", "") == "Split" && node.contains("pattern") && node["pattern"].contains("Regex"))
                pattern = node["pattern"]["Regex"].get<std::string>();
            for (const auto& [key, child] : node.items())
                self(child, self);
        } else if (node.is_array()) {
            for (const auto& child : node)
                self(child, self);
        }
    };
    find_split(pre, find_split);
    if (pattern == llama3)
        return "llama-bpe";
    if (pattern == qwen2)
        return "qwen2";
    if (pattern == o200k)
        return "gpt-4o";
    throw TokenizerError(path.filename().string() + ": its pre-tokenizer pattern "
        + (pattern.empty() ? std::string("(none)") : "\"" + pattern + "\"")
        + " is not one Hearth knows (Llama 3's, Qwen2's or o200k's)");
}

bool has_type(const Json& node, std::string_view type)
{
    if (node.is_object()) {
        if (node.value("type", "") == type)
            return true;
        for (const auto& [key, child] : node.items())
            if (has_type(child, type))
                return true;
    } else if (node.is_array()) {
        for (const auto& child : node)
            if (has_type(child, type))
                return true;
    }
    return false;
}

} // namespace

Vocabulary vocabulary_from_hf(const std::filesystem::path& tokenizer_json)
{
    const auto name = tokenizer_json.filename().string();
    const Json tokenizer = read_json(tokenizer_json);
    const auto config_path = tokenizer_json.parent_path() / "tokenizer_config.json";
    const Json config = std::filesystem::exists(config_path) ? read_json(config_path) : Json::object();
    try {
        const auto section = [&](const char* key) { return tokenizer.contains(key) ? tokenizer[key] : Json(); };
        const auto& model = tokenizer.at("model");
        if (model.value("type", "") != "BPE")
            throw TokenizerError(
                name + ": model type \"" + model.value("type", "?") + "\" is not supported (BPE only)");

        Vocabulary v;
        const bool sentencepiece = model.value("byte_fallback", false) || has_type(section("decoder"), "ByteFallback");
        v.kind = sentencepiece ? TokenizerKind::SentencePiece : TokenizerKind::ByteLevelBpe;

        std::map<TokenId, std::string> by_id;
        for (const auto& [text, id] : model.at("vocab").items())
            by_id[id.get<TokenId>()] = text;
        std::map<TokenId, bool> added; // id → special
        for (const auto& token : tokenizer.value("added_tokens", Json::array())) {
            const auto id = token.at("id").get<TokenId>();
            by_id[id] = token.at("content").get<std::string>();
            added[id] = token.value("special", false);
        }
        if (by_id.empty() || by_id.begin()->first < 0)
            throw TokenizerError(name + ": the vocabulary is empty or has negative ids");
        const auto n = static_cast<std::size_t>(by_id.rbegin()->first) + 1;
        const auto unk
            = model.value("unk_token", Json()).is_string() ? model["unk_token"].get<std::string>() : std::string();
        v.tokens.resize(n);
        v.types.resize(n);
        for (std::size_t id = 0; id < n; ++id) {
            const auto it = by_id.find(static_cast<TokenId>(id));
            if (it == by_id.end()) {
                v.tokens[id] = "[PAD" + std::to_string(id) + "]"; // a hole in the ids, as llama.cpp fills it
                v.types[id] = TokenType::Unused;
                continue;
            }
            const auto& text = it->second;
            v.tokens[id] = text;
            if (const auto a = added.find(static_cast<TokenId>(id)); a != added.end())
                v.types[id] = a->second || looks_special(text) ? TokenType::Control : TokenType::UserDefined;
            else if (sentencepiece && is_byte_token(text))
                v.types[id] = TokenType::Byte;
            else
                v.types[id] = TokenType::Normal;
            if (!unk.empty() && text == unk)
                v.types[id] = TokenType::Unknown;
        }

        std::vector<std::string> merges;
        for (const auto& merge : model.value("merges", Json::array()))
            merges.push_back(merge.is_string() ? merge.get<std::string>()
                                               : merge.at(0).get<std::string>() + " " + merge.at(1).get<std::string>());

        std::unordered_map<std::string, TokenId> ids;
        for (std::size_t id = 0; id < n; ++id)
            ids.emplace(v.tokens[id], static_cast<TokenId>(id));
        const auto id_of = [&](const std::string& text) -> std::optional<TokenId> {
            const auto it = ids.find(text);
            return text.empty() || it == ids.end() ? std::nullopt : std::optional<TokenId>(it->second);
        };

        if (sentencepiece) {
            // tokenizer.json keeps merges, not SentencePiece scores: a merge's
            // rank becomes the score of the piece it makes, so the bigram
            // search merges in the same order. Pieces no merge makes score last.
            v.scores.assign(n, -1e9f);
            for (std::size_t rank = 0; rank < merges.size(); ++rank) {
                const auto space = merges[rank].find(' ');
                if (space == std::string::npos)
                    continue;
                const auto piece = id_of(merges[rank].substr(0, space) + merges[rank].substr(space + 1));
                if (piece && v.scores[*piece] == -1e9f)
                    v.scores[*piece] = -static_cast<float>(rank);
            }
            for (std::size_t id = 0; id < n; ++id)
                if (v.types[id] != TokenType::Normal)
                    v.scores[id] = 0.0f;
            const auto pre = section("pre_tokenizer");
            v.add_space_prefix = has_type(section("normalizer"), "Prepend")
                || (has_type(pre, "Metaspace")
                    && (!pre.is_object() || pre.value("prepend_scheme", "always") != "never"));
            v.unk = id_of(unk);
        } else {
            v.pre = pre_tokenizer_name(section("pre_tokenizer"), tokenizer_json);
            v.merges = std::move(merges);
        }
        v.normalize_nfc = has_type(section("normalizer"), "NFC");

        v.bos = id_of(token_text(config.value("bos_token", Json())));
        v.eos = id_of(token_text(config.value("eos_token", Json())));
        v.pad = id_of(token_text(config.value("pad_token", Json())));
        if (!v.bos && v.kind == TokenizerKind::ByteLevelBpe)
            v.bos = id_of("<|endoftext|>"); // Qwen names no BOS; its GGUFs use <|endoftext|>
        if (const auto eot = id_of("<|eot_id|>"))
            v.eot = eot;
        if (const auto eom = id_of("<|eom_id|>"))
            v.eom = eom;
        const auto post_adds_bos = [&] {
            const auto post = section("post_processor");
            return post.is_object() && post.contains("single") && !post["single"].empty()
                && post["single"][0].contains("SpecialToken");
        };
        if (config.contains("add_bos_token") && config["add_bos_token"].is_boolean())
            v.add_bos = config["add_bos_token"].get<bool>();
        else
            v.add_bos = sentencepiece ? post_adds_bos() : v.pre == "llama-bpe";
        v.add_bos = v.add_bos && v.bos.has_value();
        if (config.contains("add_eos_token") && config["add_eos_token"].is_boolean())
            v.add_eos = config["add_eos_token"].get<bool>() && v.eos.has_value();

        const auto& chat_template = config.value("chat_template", Json());
        if (chat_template.is_string())
            v.chat_template = chat_template.get<std::string>();
        else if (chat_template.is_array())
            for (const auto& entry : chat_template)
                if (entry.value("name", "") == "default")
                    v.chat_template = entry.value("template", "");
        find_end_of_generation_tokens(v);
        return v;
    } catch (const Json::exception& e) {
        throw TokenizerError(name + ": unexpected structure (" + e.what() + ")");
    }
}

} // namespace hearth
