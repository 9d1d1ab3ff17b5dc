#include "engine/text/utf8.h"

#include <algorithm>

namespace hearth {

std::size_t utf8_sequence_length(unsigned char lead)
{
    // Indexed by the high nibble: 0xxx → 1, 10xx → 1 (stray), 110x → 2, 1110 → 3, 1111 → 4.
    static constexpr unsigned char kLengths[16] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4 };
    return kLengths[lead >> 4];
}

std::vector<char32_t> decode_utf8_lenient(std::string_view text)
{
    std::vector<char32_t> out;
    out.reserve(text.size());
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const auto continuation = [&](std::size_t i) { return i < text.size() && (byte(i) & 0xC0) == 0x80; };
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char b = byte(i);
        if (b < 0x80) {
            out.push_back(b);
            i += 1;
        } else if ((b & 0xE0) == 0xC0 && continuation(i + 1)) {
            out.push_back((char32_t(b & 0x1F) << 6) | (byte(i + 1) & 0x3F));
            i += 2;
        } else if ((b & 0xF0) == 0xE0 && continuation(i + 1) && continuation(i + 2)) {
            out.push_back((char32_t(b & 0x0F) << 12) | (char32_t(byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F));
            i += 3;
        } else if ((b & 0xF8) == 0xF0 && continuation(i + 1) && continuation(i + 2) && continuation(i + 3)) {
            out.push_back((char32_t(b & 0x07) << 18) | (char32_t(byte(i + 1) & 0x3F) << 12)
                | (char32_t(byte(i + 2) & 0x3F) << 6) | (byte(i + 3) & 0x3F));
            i += 4;
        } else {
            out.push_back(kReplacementCharacter);
            i += 1;
        }
    }
    return out;
}

void append_utf8(std::string& out, char32_t cp)
{
    if (cp > 0x10FFFF)
        cp = kReplacementCharacter;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

// Length of the well-formed sequence at `i`, or 0 with `bad` set to the length
// of the maximal ill-formed subpart to replace: the lead byte and the
// continuation bytes that were still acceptable (Unicode 15, table 3-7).
std::size_t well_formed_at(std::string_view s, std::size_t i, std::size_t& bad)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = b(i);
    bad = 1;
    if (lead < 0x80)
        return 1;
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0;
        if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90;
        if (lead == 0xF4)
            high = 0x8F;
    } else
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if (i + k >= s.size())
            return 0;
        const unsigned char c = b(i + k);
        const bool ok = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF);
        if (!ok)
            return 0;
        bad = k + 1;
    }
    return length;
}

} // namespace

bool is_valid_utf8(std::string_view text)
{
    for (std::size_t i = 0, bad = 0; i < text.size();) {
        const auto n = well_formed_at(text, i, bad);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

bool is_valid_utf8_prefix(std::string_view bytes)
{
    std::size_t accepted = 0;
    // A prefix is valid when the checker fails only for running out of bytes.
    return !bytes.empty() && well_formed_at(bytes, 0, accepted) == 0 && accepted == bytes.size();
}

std::string sanitize_utf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t bad = 0;
        const auto n = well_formed_at(text, i, bad);
        if (n) {
            out.append(text.substr(i, n));
            i += n;
        } else {
            append_utf8(out, kReplacementCharacter);
            i += bad;
        }
    }
    return out;
}

} // namespace hearth
