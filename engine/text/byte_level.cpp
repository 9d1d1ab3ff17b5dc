#include "engine/text/byte_level.h"

#include "engine/text/utf8.h"

namespace hearth {

ByteLevelAlphabet::ByteLevelAlphabet()
{
    m_byte_of_code_point.fill(-1);
    const auto printable
        = [](int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF); };
    int next = 256;
    for (int b = 0; b < 256; ++b) {
        const int cp = printable(b) ? b : next++;
        append_utf8(m_encoded[b], static_cast<char32_t>(cp));
        m_byte_of_code_point[cp] = b;
    }
}

std::string ByteLevelAlphabet::encode(std::string_view bytes) const
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes)
        out += m_encoded[static_cast<unsigned char>(c)];
    return out;
}

std::optional<std::string> ByteLevelAlphabet::decode(std::string_view text) const
{
    std::string out;
    out.reserve(text.size());
    for (const char32_t cp : decode_utf8_lenient(text)) {
        if (cp >= m_byte_of_code_point.size() || m_byte_of_code_point[cp] < 0)
            return std::nullopt;
        out += static_cast<char>(m_byte_of_code_point[cp]);
    }
    return out;
}

} // namespace hearth
