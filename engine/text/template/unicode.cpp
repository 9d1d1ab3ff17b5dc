#include "engine/text/template/unicode.h"

namespace hearth::jinja {

char32_t decode_utf8(std::string_view s, std::size_t& i)
{
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
        ++i;
        return lead;
    }
    const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
    char32_t c = lead & (0x3F >> extra);
    ++i;
    for (int k = 0; k < extra && i < s.size(); ++k, ++i)
        c = (c << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return c;
}

void append_utf8(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::optional<std::size_t> find_invalid_utf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        char32_t minimum = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            extra = 1;
            minimum = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            extra = 2;
            minimum = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            extra = 3;
            minimum = 0x10000;
        } else {
            return i;
        }
        if (s.size() - i <= static_cast<std::size_t>(extra))
            return i;
        for (int k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return i;
        }
        std::size_t next = i;
        const char32_t c = decode_utf8(s, next);
        if (c < minimum || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return i;
        i = next;
    }
    return std::nullopt;
}

std::size_t count_characters(std::string_view s)
{
    std::size_t n = 0;
    for (const char byte : s)
        n += (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
    return n;
}

bool is_ascii(std::string_view s)
{
    for (const char byte : s) {
        if (static_cast<unsigned char>(byte) >= 0x80)
            return false;
    }
    return true;
}

bool is_python_space(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_python_printable(char32_t c)
{
    if (c == ' ')
        return true;
    if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD)
        return false;
    if (is_python_space(c)) // separators other than ' ' (Zs, Zl, Zp)
        return false;
    // Format characters (Cf) common in text: zero-width and direction marks, BOM.
    if ((c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064)
        || (c >= 0x2066 && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB) || c == 0x061C || c == 0x180E)
        return false;
    // Private use (Co) and noncharacters.
    if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000 || c == 0xFFFE || c == 0xFFFF)
        return false;
    return true;
}

namespace {

// A run of characters whose upper and lower forms are a fixed distance apart.
struct CaseRange {
    char32_t upper_first;
    char32_t upper_last;
    char32_t lower_first;
};

constexpr CaseRange kRanges[] = {
    { 0x41, 0x5A, 0x61 }, // Latin A-Z
    { 0xC0, 0xD6, 0xE0 }, // Latin-1 À-Ö
    { 0xD8, 0xDE, 0xF8 }, // Latin-1 Ø-Þ
    { 0x391, 0x3A1, 0x3B1 }, // Greek Α-Ρ
    { 0x3A3, 0x3AB, 0x3C3 }, // Greek Σ-Ϋ
    { 0x410, 0x42F, 0x430 }, // Cyrillic А-Я
    { 0x400, 0x40F, 0x450 }, // Cyrillic Ѐ-Џ
    { 0xFF21, 0xFF3A, 0xFF41 }, // fullwidth Ａ-Ｚ
};

// Blocks where upper and lower case alternate: even code point upper, odd lower
// (or the other way round where `odd_upper`).
struct AlternatingRange {
    char32_t first;
    char32_t last;
    bool odd_upper;
};

constexpr AlternatingRange kAlternating[] = {
    { 0x100, 0x12F, false },
    { 0x132, 0x137, false },
    { 0x139, 0x148, true },
    { 0x14A, 0x177, false },
    { 0x179, 0x17E, true },
    { 0x460, 0x481, false },
    { 0x48A, 0x4BF, false },
    { 0x4D0, 0x52F, false },
};

std::optional<char32_t> alternate(char32_t c, bool want_upper)
{
    for (const auto& range : kAlternating) {
        if (c < range.first || c > range.last)
            continue;
        const bool is_upper = ((c & 1) != 0) == range.odd_upper;
        if (is_upper == want_upper)
            return c;
        const char32_t other = want_upper ? c - 1 : c + 1;
        return other >= range.first && other <= range.last ? other : c;
    }
    return std::nullopt;
}

} // namespace

char32_t to_upper(char32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    for (const auto& range : kRanges) {
        const char32_t lower_last = range.lower_first + (range.upper_last - range.upper_first);
        if (c >= range.lower_first && c <= lower_last)
            return range.upper_first + (c - range.lower_first);
    }
    if (const auto other = alternate(c, true))
        return *other;
    if (c == 0xFF)
        return 0x178;
    if (c == 0x3C2) // final sigma
        return 0x3A3;
    if (c == 0xB5) // micro sign
        return 0x39C;
    return c;
}

char32_t to_lower(char32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    for (const auto& range : kRanges) {
        if (c >= range.upper_first && c <= range.upper_last)
            return range.lower_first + (c - range.upper_first);
    }
    if (const auto other = alternate(c, false))
        return *other;
    if (c == 0x178)
        return 0xFF;
    return c;
}

bool is_cased(char32_t c)
{
    return to_upper(c) != c || to_lower(c) != c || c == 0xDF;
}

std::string upper(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = decode_utf8(s, i);
        if (c == 0xDF) // ß has no single upper-case letter: Python gives "SS"
            out += "SS";
        else
            append_utf8(out, to_upper(c));
    }
    return out;
}

std::string lower(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();)
        append_utf8(out, to_lower(decode_utf8(s, i)));
    return out;
}

} // namespace hearth::jinja
