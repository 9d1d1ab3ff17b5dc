#include "engine/text/bpe_merges.h"

#include <queue>

namespace hearth {

BpeMerges::BpeMerges(const Vocabulary& v)
    : m_whole_word_first(v.pre == "llama-bpe" || v.pre == "llama3" || v.pre == "llama-v3")
{
    m_ids.reserve(v.tokens.size());
    for (std::size_t id = 0; id < v.tokens.size(); ++id)
        m_ids.emplace(v.tokens[id], static_cast<TokenId>(id));
    m_byte_tokens.assign(256, -1);
    for (int b = 0; b < 256; ++b)
        if (const auto it = m_ids.find(m_alphabet.encode(static_cast<unsigned char>(b))); it != m_ids.end())
            m_byte_tokens[b] = it->second;

    m_merges.reserve(v.merges.size());
    for (std::size_t rank = 0; rank < v.merges.size(); ++rank) {
        const auto& merge = v.merges[rank];
        const auto space = merge.find(' ', 1); // a side may itself be a space-free "Ġ…"
        if (space == std::string::npos)
            throw TokenizerError(
                "merge " + std::to_string(rank) + " (\"" + merge + "\") is not two tokens separated by a space");
        const auto left = m_ids.find(merge.substr(0, space));
        const auto right = m_ids.find(merge.substr(space + 1));
        const auto result = m_ids.find(merge.substr(0, space) + merge.substr(space + 1));
        // A merge whose parts or result are not tokens can never apply.
        if (left == m_ids.end() || right == m_ids.end() || result == m_ids.end())
            continue;
        m_merges.try_emplace(
            pair_key(left->second, right->second), Merge { static_cast<std::uint32_t>(rank), result->second });
    }
}

void BpeMerges::encode_word(std::string_view word, std::vector<TokenId>& out) const
{
    if (m_whole_word_first) {
        if (const auto it = m_ids.find(m_alphabet.encode(word)); it != m_ids.end()) {
            out.push_back(it->second);
            return;
        }
    }
    struct Symbol {
        TokenId id;
        int prev, next;
    };
    std::vector<Symbol> symbols;
    symbols.reserve(word.size());
    for (std::size_t i = 0; i < word.size(); ++i)
        symbols.push_back({ m_byte_tokens[static_cast<unsigned char>(word[i])], static_cast<int>(i) - 1,
            i + 1 < word.size() ? static_cast<int>(i) + 1 : -1 });

    struct Candidate {
        std::uint32_t rank;
        int left;
        TokenId left_id, right_id;
        bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : left > o.left; }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
    const auto consider = [&](int left) {
        if (left < 0 || symbols[left].next < 0)
            return;
        const auto& a = symbols[left];
        const auto& b = symbols[a.next];
        if (a.id < 0 || b.id < 0)
            return;
        if (const auto it = m_merges.find(pair_key(a.id, b.id)); it != m_merges.end())
            queue.push({ it->second.rank, left, a.id, b.id });
    };
    for (int i = 0; i + 1 < static_cast<int>(symbols.size()); ++i)
        consider(i);

    while (!queue.empty()) {
        const auto c = queue.top();
        queue.pop();
        auto& left = symbols[c.left];
        // Stale: the left symbol was merged away or changed, or its neighbour did.
        if (left.id != c.left_id || left.next < 0 || symbols[left.next].id != c.right_id)
            continue;
        auto& right = symbols[left.next];
        left.id = m_merges.at(pair_key(c.left_id, c.right_id)).result;
        left.next = right.next;
        if (right.next >= 0)
            symbols[right.next].prev = c.left;
        right.id = -2; // dead
        consider(left.prev);
        consider(c.left);
    }
    for (int i = 0; i >= 0 && i < static_cast<int>(symbols.size()); i = symbols[i].next)
        if (symbols[i].id >= 0)
            out.push_back(symbols[i].id);
}

} // namespace hearth
