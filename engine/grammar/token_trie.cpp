#include "engine/grammar/token_trie.h"

#include <algorithm>

namespace hearth {

TokenTrie::TokenTrie(std::span<const std::string> pieces)
    : m_vocab_size(pieces.size())
{
    std::vector<TokenId> order;
    order.reserve(pieces.size());
    for (std::size_t id = 0; id < pieces.size(); ++id)
        if (!pieces[id].empty())
            order.push_back(static_cast<TokenId>(id));
    // In byte order a prefix comes before what extends it, so one pass
    // builds the nodes depth first.
    std::sort(order.begin(), order.end(), [&](TokenId a, TokenId b) { return pieces[a] < pieces[b]; });
    std::vector<std::uint32_t> open; // the nodes on the path to the last piece's end
    const std::string* previous = nullptr;
    for (const TokenId id : order) {
        const std::string& piece = pieces[id];
        std::size_t shared = 0;
        if (previous)
            shared = static_cast<std::size_t>(
                std::mismatch(piece.begin(), piece.end(), previous->begin(), previous->end()).first - piece.begin());
        while (open.size() > shared) {
            m_subtree_ends[open.back()] = static_cast<std::uint32_t>(m_bytes.size());
            open.pop_back();
        }
        for (std::size_t d = shared; d < piece.size(); ++d) {
            open.push_back(static_cast<std::uint32_t>(m_bytes.size()));
            m_bytes.push_back(static_cast<unsigned char>(piece[d]));
            m_depths.push_back(static_cast<std::uint32_t>(d + 1));
            m_subtree_ends.push_back(0);
            m_token_starts.push_back(static_cast<std::uint32_t>(m_tokens.size()));
        }
        // Tokens land on the last node made, so each node's tokens are one run.
        m_tokens.push_back(id);
        m_max_depth = std::max(m_max_depth, static_cast<std::uint32_t>(piece.size()));
        previous = &piece;
    }
    for (const std::uint32_t node : open)
        m_subtree_ends[node] = static_cast<std::uint32_t>(m_bytes.size());
    m_token_starts.push_back(static_cast<std::uint32_t>(m_tokens.size()));
}

std::span<const TokenId> TokenTrie::tokens(std::size_t i) const
{
    return std::span(m_tokens).subspan(m_token_starts[i], m_token_starts[i + 1] - m_token_starts[i]);
}

} // namespace hearth
