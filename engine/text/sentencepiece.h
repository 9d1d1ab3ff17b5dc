#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/vocabulary.h"

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

    const std::vector<float>& m_scores;
    std::unordered_map<std::string, TokenId> m_ids;
    std::vector<TokenId> m_byte_tokens;  // [256] <0xXX> pieces, -1 if absent
    TokenId m_unknown;
};

}  // namespace hearth
