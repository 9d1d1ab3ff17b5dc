#include "engine/text/sentencepiece.h"

#include <cstdio>
#include <queue>

#include "engine/text/utf8.h"

namespace hearth {

namespace {
constexpr std::string_view kSpaceMark = "\xE2\x96\x81"; // U+2581 ▁
}

SentencePiece::SentencePiece(const Vocabulary& v)
    : m_scores(v.scores)
    , m_unknown(v.unk.value_or(-1))
{
    m_ids.reserve(v.tokens.size());
    for (std::size_t id = 0; id < v.tokens.size(); ++id)
        m_ids.emplace(v.tokens[id], static_cast<TokenId>(id));
    for (const auto& token : v.tokens)
        for (auto at = token.find(kSpaceMark, 1); at != std::string::npos; at = token.find(kSpaceMark, at + 1))
            if (at < kSpaceMark.size() || token.compare(at - kSpaceMark.size(), kSpaceMark.size(), kSpaceMark) != 0) {
                m_words_are_independent = false;
                break;
            }
    m_byte_tokens.assign(256, -1);
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        if (const auto it = m_ids.find(name); it != m_ids.end())
            m_byte_tokens[b] = it->second;
    }
}

void SentencePiece::append_bytes(std::string_view text, std::vector<TokenId>& out) const
{
    for (const char c : text) {
        const TokenId byte = m_byte_tokens[static_cast<unsigned char>(c)];
        if (byte >= 0) {
            out.push_back(byte);
        } else if (const auto it = m_ids.find(std::string_view(&c, 1)); it != m_ids.end()) {
            out.push_back(it->second); // no <0xXX> piece: the byte itself, as llama.cpp tries next
        } else if (m_unknown >= 0) {
            out.push_back(m_unknown);
        }
    }
}

void SentencePiece::encode(std::string_view raw, std::vector<TokenId>& out) const
{
    std::string text;
    text.reserve(raw.size() + raw.size() / 4);
    for (const char c : raw) {
        if (c == ' ')
            text += kSpaceMark;
        else
            text += c;
    }
    if (!m_words_are_independent) {
        encode_escaped(text, out);
        return;
    }
    // One word per run of ▁ and what follows it up to the next ▁ that comes
    // after another character: the same result, with small merge queues.
    // Words start only where a character (as the merge splits them) starts,
    // so that a stray lead byte keeps swallowing the next byte as it would.
    std::size_t start = 0;
    bool previous_was_mark = false;
    for (std::size_t at = 0; at < text.size();) {
        const auto length = std::min(utf8_sequence_length(static_cast<unsigned char>(text[at])), text.size() - at);
        const bool mark = std::string_view(text).substr(at, length) == kSpaceMark;
        if (mark && !previous_was_mark && at > start) {
            encode_escaped(std::string_view(text).substr(start, at - start), out);
            start = at;
        }
        previous_was_mark = mark;
        at += length;
    }
    encode_escaped(std::string_view(text).substr(start), out);
}

void SentencePiece::encode_escaped(std::string_view text, std::vector<TokenId>& out) const
{
    struct Symbol {
        std::size_t begin, length;
        int prev, next;
    };
    std::vector<Symbol> symbols;
    for (std::size_t at = 0; at < text.size();) {
        const auto length = std::min(utf8_sequence_length(static_cast<unsigned char>(text[at])), text.size() - at);
        const int index = static_cast<int>(symbols.size());
        symbols.push_back({ at, length, index - 1, at + length < text.size() ? index + 1 : -1 });
        at += length;
    }

    struct Candidate {
        float score;
        int left;
        std::size_t length; // of the merged text: a changed symbol makes the candidate stale
        bool operator<(const Candidate& o) const { return score != o.score ? score < o.score : left > o.left; }
    };
    std::priority_queue<Candidate> queue;
    const auto consider = [&](int left) {
        if (left < 0 || symbols[left].next < 0)
            return;
        const auto& a = symbols[left];
        const auto& b = symbols[a.next];
        const std::string_view joined(text.data() + a.begin, a.length + b.length);
        if (const auto it = m_ids.find(joined); it != m_ids.end())
            queue.push({ m_scores[it->second], left, a.length + b.length });
    };
    for (int i = 0; i + 1 < static_cast<int>(symbols.size()); ++i)
        consider(i);

    while (!queue.empty()) {
        const auto c = queue.top();
        queue.pop();
        auto& left = symbols[c.left];
        if (left.length == 0 || left.next < 0 || left.length + symbols[left.next].length != c.length)
            continue;
        auto& right = symbols[left.next];
        left.length += right.length;
        right.length = 0;
        left.next = right.next;
        if (right.next >= 0)
            symbols[right.next].prev = c.left;
        consider(left.prev);
        consider(c.left);
    }

    for (int i = symbols.empty() ? -1 : 0; i >= 0; i = symbols[i].next) {
        const std::string_view piece(text.data() + symbols[i].begin, symbols[i].length);
        if (const auto it = m_ids.find(piece); it != m_ids.end())
            out.push_back(it->second);
        else
            append_bytes(piece, out);
    }
}

} // namespace hearth
