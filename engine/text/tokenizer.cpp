#include "engine/text/tokenizer.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <utf8proc.h>

#include "engine/text/bpe_merges.h"
#include "engine/text/byte_level.h"
#include "engine/text/pre_tokenizer.h"
#include "engine/text/sentencepiece.h"

namespace hearth {

namespace {

std::string nfc(std::string_view text)
{
    // utf8proc rejects ill-formed input; such text is tokenized as it is.
    utf8proc_uint8_t* normalized = nullptr;
    const auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
        static_cast<utf8proc_ssize_t>(text.size()), &normalized,
        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (length < 0)
        return std::string(text);
    std::string out(reinterpret_cast<const char*>(normalized), static_cast<std::size_t>(length));
    std::free(normalized);
    return out;
}

std::string unescape_spaces(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text.substr(i, 3) == "\xE2\x96\x81") {
            out += ' ';
            i += 3;
        } else {
            out += text[i++];
        }
    }
    return out;
}

} // namespace

Tokenizer::Tokenizer(Vocabulary vocabulary)
    : m_vocabulary(std::move(vocabulary))
    , m_alphabet(std::make_unique<ByteLevelAlphabet>())
{
    const auto& v = m_vocabulary;
    if (v.types.size() != v.tokens.size())
        throw TokenizerError("vocabulary has " + std::to_string(v.tokens.size()) + " tokens but "
            + std::to_string(v.types.size()) + " types");
    if (v.kind == TokenizerKind::ByteLevelBpe) {
        m_pre = std::make_unique<PreTokenizer>(v.pre);
        m_bpe = std::make_unique<BpeMerges>(v);
    } else {
        if (v.scores.size() != v.tokens.size())
            throw TokenizerError("SentencePiece vocabulary has " + std::to_string(v.scores.size()) + " scores for "
                + std::to_string(v.tokens.size()) + " tokens");
        m_spm = std::make_unique<SentencePiece>(v);
    }
    for (TokenId id = 0; id < static_cast<TokenId>(v.tokens.size()); ++id) {
        const auto type = v.types[id];
        if ((type == TokenType::Control || type == TokenType::UserDefined || type == TokenType::Unknown)
            && !v.tokens[id].empty())
            m_special.push_back(id);
    }
    std::stable_sort(m_special.begin(), m_special.end(),
        [&](TokenId a, TokenId b) { return v.tokens[a].size() > v.tokens[b].size(); });
    for (const TokenId id : m_special) {
        if (v.types[id] == TokenType::UserDefined)
            continue;
        const std::string_view text = v.tokens[id];
        m_control_texts.insert(text);
        if (std::find(m_control_lengths.begin(), m_control_lengths.end(), text.size()) == m_control_lengths.end())
            m_control_lengths.push_back(text.size()); // m_special is longest first, so these are too
        m_control_first_bytes[static_cast<unsigned char>(text.front())] = true;
    }
}

std::string_view Tokenizer::control_text_at(std::string_view text) const
{
    if (text.empty() || !m_control_first_bytes[static_cast<unsigned char>(text.front())])
        return {};
    for (const std::size_t length : m_control_lengths)
        if (length <= text.size() && m_control_texts.contains(text.substr(0, length)))
            return text.substr(0, length);
    return {};
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

std::vector<Tokenizer::Fragment> Tokenizer::split_special(std::string_view text, bool parse_special) const
{
    std::vector<Fragment> fragments { { text, -1 } };
    if (text.empty())
        fragments.clear();
    for (const TokenId id : m_special) {
        // Control and unknown tokens only when asked; user-defined ones always
        // (Hugging Face splits them out before anything else).
        if (!parse_special && m_vocabulary.types[id] != TokenType::UserDefined)
            continue;
        const std::string_view special = m_vocabulary.tokens[id];
        std::vector<Fragment> next;
        next.reserve(fragments.size());
        for (const auto& fragment : fragments) {
            if (fragment.token >= 0) {
                next.push_back(fragment);
                continue;
            }
            std::string_view rest = fragment.text;
            for (auto at = rest.find(special); at != std::string_view::npos; at = rest.find(special)) {
                if (at > 0)
                    next.push_back({ rest.substr(0, at), -1 });
                next.push_back({ {}, id });
                rest.remove_prefix(at + special.size());
            }
            if (!rest.empty())
                next.push_back({ rest, -1 });
        }
        fragments = std::move(next);
    }
    return fragments;
}

std::vector<TokenId> Tokenizer::encode(std::string_view input, EncodeOptions options) const
{
    const auto& v = m_vocabulary;
    std::string normalized;
    if (v.normalize_nfc) {
        normalized = nfc(input);
        input = normalized;
    }
    std::vector<TokenId> out;
    out.reserve(input.size() / 3 + 2);
    if (options.add_special && v.add_bos && v.bos)
        out.push_back(*v.bos);
    bool after_special = true; // SentencePiece: a space starts the text and follows each special token
    for (const auto& fragment : split_special(input, options.parse_special)) {
        if (fragment.token >= 0) {
            out.push_back(fragment.token);
            after_special = true;
            continue;
        }
        if (m_spm) {
            if (v.add_space_prefix && after_special)
                m_spm->encode(" " + std::string(fragment.text), out);
            else
                m_spm->encode(fragment.text, out);
            after_special = false;
        } else {
            for (const auto& word : m_pre->split(fragment.text))
                m_bpe->encode_word(word, out);
        }
    }
    if (options.add_special && v.add_eos && v.eos)
        out.push_back(*v.eos);
    return out;
}

std::string Tokenizer::piece(TokenId id, bool render_special) const
{
    const auto& v = m_vocabulary;
    if (id < 0 || static_cast<std::size_t>(id) >= v.tokens.size())
        return {};
    const auto& text = v.tokens[id];
    switch (v.types[id]) {
    case TokenType::Control:
        return render_special ? text : std::string();
    case TokenType::UserDefined:
        return text;
    case TokenType::Unknown:
        return m_spm ? std::string("\xE2\x96\x85") : text; // SentencePiece shows unknown as ▅
    case TokenType::Byte: {
        // "<0xE4>" stands for that byte; a file may call other text a byte token.
        const auto hex = [](char c) {
            return std::isdigit(static_cast<unsigned char>(c))
                ? c - '0'
                : (std::toupper(static_cast<unsigned char>(c)) - 'A' + 10);
        };
        if (text.size() == 6 && text.starts_with("<0x") && text.back() == '>'
            && std::isxdigit(static_cast<unsigned char>(text[3])) && std::isxdigit(static_cast<unsigned char>(text[4])))
            return std::string(1, static_cast<char>(hex(text[3]) * 16 + hex(text[4])));
        return text;
    }
    case TokenType::Unused:
    case TokenType::Undefined:
    case TokenType::Normal:
        break;
    }
    if (m_spm)
        return unescape_spaces(text);
    return m_alphabet->decode(text).value_or(text);
}

std::string Tokenizer::decode(std::span<const TokenId> ids, DecodeOptions options) const
{
    std::string out;
    for (const TokenId id : ids)
        out += piece(id, options.render_special);
    if (options.strip_leading_space && m_spm && m_vocabulary.add_space_prefix && out.starts_with(' '))
        out.erase(0, 1);
    return out;
}

bool Tokenizer::ends_generation(TokenId id) const
{
    return std::binary_search(m_vocabulary.end_of_generation.begin(), m_vocabulary.end_of_generation.end(), id);
}

} // namespace hearth
