#pragma once

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "engine/text/vocabulary.h"

namespace hearth {

class BpeMerges;
class ByteLevelAlphabet;
class PreTokenizer;
class SentencePiece;

struct EncodeOptions {
    bool add_special = true; // BOS/EOS as the vocabulary asks
    bool parse_special = false; // control tokens written in the text become those tokens
};

struct DecodeOptions {
    bool render_special = false; // control tokens as their text (else nothing)
    bool strip_leading_space = false; // undo SentencePiece's leading space at the start of a text
};

// Text to token ids and back, for one vocabulary. Exact to llama.cpp on the
// same GGUF: the same pre-tokenizer, merge order, special-token handling and
// treatment of ill-formed UTF-8. Safe to use from several threads at once.
class Tokenizer {
public:
    // Throws TokenizerError for a vocabulary it cannot serve.
    explicit Tokenizer(Vocabulary vocabulary);
    ~Tokenizer();
    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;

    std::vector<TokenId> encode(std::string_view text, EncodeOptions options = {}) const;
    std::string decode(std::span<const TokenId> ids, DecodeOptions options = {}) const;
    // The bytes one token stands for (possibly part of a UTF-8 character).
    std::string piece(TokenId id, bool render_special = false) const;

    bool ends_generation(TokenId id) const;
    // The text of the control (or unknown) token that starts `text`, the
    // longest, or empty: what parse_special would make a token there.
    std::string_view control_text_at(std::string_view text) const;
    const Vocabulary& vocabulary() const { return m_vocabulary; }

private:
    struct Fragment {
        std::string_view text; // raw text, or empty for a token
        TokenId token = -1;
    };
    std::vector<Fragment> split_special(std::string_view text, bool parse_special) const;

    Vocabulary m_vocabulary;
    std::vector<TokenId> m_special; // matched in text, longest first
    // The control and unknown tokens' texts (into m_vocabulary), their
    // lengths longest first, and the bytes they start with.
    std::unordered_set<std::string_view> m_control_texts;
    std::vector<std::size_t> m_control_lengths;
    std::array<bool, 256> m_control_first_bytes {};
    std::unique_ptr<ByteLevelAlphabet> m_alphabet;
    std::unique_ptr<PreTokenizer> m_pre;
    std::unique_ptr<BpeMerges> m_bpe;
    std::unique_ptr<SentencePiece> m_spm;
};

} // namespace hearth
