#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/text/byte_level.h"
#include "engine/text/token_index.h"
#include "engine/text/vocabulary.h"

namespace hearth {

// Byte-level BPE inside one pre-tokenized word: the word's bytes become
// alphabet characters, then the adjacent pair with the lowest merge rank is
// merged until no pair has a merge (ties go to the leftmost pair, as in
// llama.cpp and Hugging Face tokenizers).
class BpeMerges {
public:
    // Throws TokenizerError when a merge names a token the vocabulary lacks.
    explicit BpeMerges(const Vocabulary& vocabulary);

    // Appends the tokens of `word` (raw bytes) to `out`.
    void encode_word(std::string_view word, std::vector<TokenId>& out) const;

private:
    struct Merge {
        std::uint32_t rank;
        TokenId result;
    };
    static std::uint64_t pair_key(TokenId left, TokenId right)
    {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
    }

    ByteLevelAlphabet m_alphabet;
    TokenIndex m_ids; // token text → id
    std::unordered_map<std::uint64_t, Merge> m_merges; // (left, right) → rank, result
    std::vector<TokenId> m_byte_tokens; // [256] token of each byte's character, -1 if none
    bool m_whole_word_first; // Llama 3: a word that is a token skips merging
};

} // namespace hearth
