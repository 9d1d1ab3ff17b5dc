#include "engine/text/template/python_string.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "engine/text/template/failure.h"
#include "engine/text/template/unicode.h"

namespace hearth::jinja {

std::size_t find_text(std::string_view haystack, std::string_view needle, std::size_t from)
{
    if (from > haystack.size())
        return std::string_view::npos;
    if (needle.empty())
        return from;
    // glibc's memmem is two-way for long needles and bounded for short ones.
    const void* at = memmem(haystack.data() + from, haystack.size() - from, needle.data(), needle.size());
    return at ? static_cast<std::size_t>(static_cast<const char*>(at) - haystack.data()) : std::string_view::npos;
}

namespace {

std::string reversed_bytes(std::string_view s)
{
    return std::string(s.rbegin(), s.rend());
}

// The character that ends just before byte `end`, and where it starts.
char32_t decode_before(std::string_view s, std::size_t end, std::size_t& start)
{
    start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
        --start;
    std::size_t i = start;
    return decode_utf8(s, i);
}

// The characters strip() removes: Python whitespace, or those of `chars`,
// sorted so that a long `chars` costs a binary search per character.
class StripSet {
public:
    explicit StripSet(const std::optional<std::string>& chars)
        : m_whitespace(!chars)
    {
        if (!chars)
            return;
        for (std::size_t i = 0; i < chars->size();)
            m_characters.push_back(decode_utf8(*chars, i));
        std::sort(m_characters.begin(), m_characters.end());
    }

    bool contains(char32_t c) const
    {
        return m_whitespace ? is_python_space(c) : std::binary_search(m_characters.begin(), m_characters.end(), c);
    }

private:
    bool m_whitespace;
    std::vector<char32_t> m_characters;
};

std::size_t space_run_end(std::string_view s, std::size_t i)
{
    while (i < s.size()) {
        std::size_t next = i;
        if (!is_python_space(decode_utf8(s, next)))
            break;
        i = next;
    }
    return i;
}

std::size_t word_end(std::string_view s, std::size_t i)
{
    while (i < s.size()) {
        std::size_t next = i;
        if (is_python_space(decode_utf8(s, next)))
            break;
        i = next;
    }
    return i;
}

std::size_t space_run_start(std::string_view s, std::size_t end)
{
    while (end > 0) {
        std::size_t start = 0;
        if (!is_python_space(decode_before(s, end, start)))
            break;
        end = start;
    }
    return end;
}

std::size_t word_start(std::string_view s, std::size_t end)
{
    while (end > 0) {
        std::size_t start = 0;
        if (is_python_space(decode_before(s, end, start)))
            break;
        end = start;
    }
    return end;
}

std::uint64_t split_limit(std::int64_t maxsplit)
{
    return maxsplit < 0 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(maxsplit);
}

void add_piece(std::vector<std::string>& pieces, std::string_view piece, Budget& budget)
{
    budget.charge_items(1);
    budget.charge_text(piece.size());
    pieces.emplace_back(piece);
}

} // namespace

std::string strip(std::string_view s, const std::optional<std::string>& chars, bool left, bool right)
{
    const StripSet set(chars);
    std::size_t begin = 0;
    std::size_t end = s.size();
    if (left) {
        while (begin < end) {
            std::size_t next = begin;
            if (!set.contains(decode_utf8(s, next)))
                break;
            begin = next;
        }
    }
    if (right) {
        while (end > begin) {
            std::size_t start = 0;
            if (!set.contains(decode_before(s, end, start)))
                break;
            end = start;
        }
    }
    return std::string(s.substr(begin, end - begin));
}

std::vector<std::string> split(
    std::string_view s, const std::optional<std::string>& separator, std::int64_t maxsplit, Budget& budget)
{
    std::vector<std::string> pieces;
    std::uint64_t remaining = split_limit(maxsplit);
    if (!separator) {
        std::size_t i = 0;
        while (remaining-- > 0) {
            i = space_run_end(s, i);
            if (i == s.size())
                break;
            const std::size_t end = word_end(s, i);
            add_piece(pieces, s.substr(i, end - i), budget);
            i = end;
        }
        if (i < s.size()) {
            i = space_run_end(s, i);
            if (i < s.size())
                add_piece(pieces, s.substr(i), budget);
        }
        return pieces;
    }
    if (separator->empty())
        throw Failure("empty separator");
    std::size_t start = 0;
    while (remaining-- > 0) {
        const std::size_t at = find_text(s, *separator, start);
        if (at == std::string_view::npos)
            break;
        add_piece(pieces, s.substr(start, at - start), budget);
        start = at + separator->size();
    }
    add_piece(pieces, s.substr(start), budget);
    return pieces;
}

std::vector<std::string> rsplit(
    std::string_view s, const std::optional<std::string>& separator, std::int64_t maxsplit, Budget& budget)
{
    std::vector<std::string> pieces;
    std::uint64_t remaining = split_limit(maxsplit);
    if (!separator) {
        std::size_t end = s.size();
        while (remaining-- > 0) {
            end = space_run_start(s, end);
            if (end == 0)
                break;
            const std::size_t start = word_start(s, end);
            add_piece(pieces, s.substr(start, end - start), budget);
            end = start;
        }
        if (end > 0) {
            end = space_run_start(s, end);
            if (end > 0)
                add_piece(pieces, s.substr(0, end), budget);
        }
    } else {
        // From the right is from the left in the reversed text (matches are bytes).
        pieces = split(reversed_bytes(s), reversed_bytes(*separator), maxsplit, budget);
        for (auto& piece : pieces)
            std::reverse(piece.begin(), piece.end());
    }
    std::reverse(pieces.begin(), pieces.end());
    return pieces;
}

std::vector<std::string> splitlines(std::string_view s, bool keepends, Budget& budget)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t at = i;
        const char32_t c = decode_utf8(s, i);
        const bool boundary = c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E
            || c == 0x85 || c == 0x2028 || c == 0x2029;
        if (!boundary)
            continue;
        if (c == '\r' && i < s.size() && s[i] == '\n')
            ++i;
        add_piece(lines, s.substr(start, (keepends ? i : at) - start), budget);
        start = i;
    }
    if (start < s.size())
        add_piece(lines, s.substr(start), budget);
    return lines;
}

std::string replace(
    std::string_view s, std::string_view old, std::string_view replacement, std::int64_t count, Budget& budget)
{
    std::uint64_t remaining = split_limit(count);
    std::string out;
    const auto append = [&](std::string_view piece) {
        budget.check_size(out.size() + piece.size());
        budget.charge_text(piece.size());
        out += piece;
    };
    if (old.empty()) { // Python inserts the replacement around every character
        std::size_t i = 0;
        while (i < s.size()) {
            if (remaining > 0) {
                append(replacement);
                --remaining;
            }
            const std::size_t start = i;
            decode_utf8(s, i);
            append(s.substr(start, i - start));
        }
        if (remaining > 0)
            append(replacement);
        return out;
    }
    std::size_t start = 0;
    while (remaining > 0) {
        const std::size_t at = find_text(s, old, start);
        if (at == std::string_view::npos)
            break;
        append(s.substr(start, at - start));
        append(replacement);
        start = at + old.size();
        --remaining;
    }
    append(s.substr(start));
    return out;
}

std::string title(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    bool previous_cased = false;
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = decode_utf8(s, i);
        append_utf8(out, previous_cased ? to_lower(c) : to_upper(c));
        previous_cased = is_cased(c);
    }
    return out;
}

std::string capitalize(std::string_view s)
{
    if (s.empty())
        return {};
    std::size_t i = 0;
    decode_utf8(s, i);
    return upper(s.substr(0, i)) + lower(s.substr(i));
}

std::string jinja_title(std::string_view s)
{
    const auto is_separator
        = [](char32_t c) { return is_python_space(c) || c == '-' || c == '(' || c == '{' || c == '[' || c == '<'; };
    std::string out;
    out.reserve(s.size());
    bool word_start = true;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const char32_t c = decode_utf8(s, i);
        if (is_separator(c)) {
            out.append(s, start, i - start);
            word_start = true;
        } else if (word_start) {
            out += upper(s.substr(start, i - start));
            word_start = false;
        } else {
            append_utf8(out, to_lower(c));
        }
    }
    return out;
}

std::string html_escape(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&#34;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::int64_t find_substring(std::string_view s, std::string_view needle, bool last)
{
    if (!last) {
        const std::size_t at = find_text(s, needle);
        return at == std::string_view::npos ? -1 : static_cast<std::int64_t>(count_characters(s.substr(0, at)));
    }
    const std::size_t from_end = find_text(reversed_bytes(s), reversed_bytes(needle));
    if (from_end == std::string_view::npos)
        return -1;
    return static_cast<std::int64_t>(count_characters(s.substr(0, s.size() - from_end - needle.size())));
}

std::int64_t count_occurrences(std::string_view s, std::string_view needle)
{
    if (needle.empty())
        return static_cast<std::int64_t>(count_characters(s)) + 1;
    std::int64_t n = 0;
    for (std::size_t at = find_text(s, needle); at != std::string_view::npos;
         at = find_text(s, needle, at + needle.size()))
        ++n;
    return n;
}

} // namespace hearth::jinja
