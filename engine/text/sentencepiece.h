#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/text/token_index.h"
#include "engine/text/vocabulary.h"

namespace hearth {

// SentencePiece-style BPE: spaces become "▁", then the adjacent pair whose
// concatenation is the highest-scoring piece is merged until none is a piece;
// characters that never became a piece fall back to their bytes (<0xXX>).
class SentencePiece {
public:
    explicit SentencePiece(const Vocabulary& vocabulary);

    // Appends the tokens of `text` (spaces not yet escaped) to `out`.
    void encode(std::string_view text, std::vector<TokenId>& out) const;

private:
    void append_bytes(std::string_view text, std::vector<TokenId>& out) const;
    void encode_escaped(std::string_view text, std::vector<TokenId>& out) const;

    std::vector<float> m_scores; // a copy: the Tokenizer that owns the vocabulary may move
    TokenIndex m_ids;
    std::vector<TokenId> m_byte_tokens; // [256] <0xXX> pieces, -1 if absent
    TokenId m_unknown;
    // True when no piece has a ▁ right after another character: then no merge
    // can cross such a boundary, and words can be merged one at a time.
    bool m_words_are_independent = true;
};

} // namespace hearth
