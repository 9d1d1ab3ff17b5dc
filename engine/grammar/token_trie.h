#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/text/vocabulary.h"

namespace hearth {

// Every token's text in one byte trie, in depth-first order, so that a
// constraint can find all the tokens that may come next by walking it once:
// a prefix it refuses skips every token that starts with it. A vocabulary
// of 150k tokens shares most of its prefixes; checking each token on its
// own took 2.7 s a step for a 512-value enum.
class TokenTrie {
public:
    // `pieces[id]` is token id's text; empty ones (control tokens) are left out.
    explicit TokenTrie(std::span<const std::string> pieces);

    // Node i is one byte past its parent, at depth depth(i) (1 for a first
    // byte); the nodes below it are i + 1 up to subtree_end(i).
    std::size_t size() const { return m_bytes.size(); }
    unsigned char byte(std::size_t i) const { return m_bytes[i]; }
    std::uint32_t depth(std::size_t i) const { return m_depths[i]; }
    std::size_t subtree_end(std::size_t i) const { return m_subtree_ends[i]; }
    // The tokens whose text ends at node i.
    std::span<const TokenId> tokens(std::size_t i) const;
    std::uint32_t max_depth() const { return m_max_depth; }
    std::size_t vocab_size() const { return m_vocab_size; }

private:
    std::vector<unsigned char> m_bytes;
    std::vector<std::uint32_t> m_depths;
    std::vector<std::uint32_t> m_subtree_ends;
    std::vector<std::uint32_t> m_token_starts; // into m_tokens; one more than the nodes
    std::vector<TokenId> m_tokens;
    std::uint32_t m_max_depth = 0;
    std::size_t m_vocab_size = 0;
};

} // namespace hearth
