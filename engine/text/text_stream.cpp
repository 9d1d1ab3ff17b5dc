#include "engine/text/text_stream.h"

#include "engine/text/utf8.h"

namespace hearth {

std::size_t incomplete_utf8_tail(std::string_view bytes)
{
    // Look back at most 3 bytes for the lead byte of the last character.
    for (std::size_t back = 1; back <= 3 && back <= bytes.size(); ++back) {
        const auto byte = static_cast<unsigned char>(bytes[bytes.size() - back]);
        if ((byte & 0xC0) == 0x80)
            continue; // a continuation byte: keep looking for the lead
        if (byte < 0xC2 || byte > 0xF4)
            return 0; // ASCII, or a byte that starts nothing valid
        const std::size_t need = utf8_sequence_length(byte);
        if (back >= need)
            return 0;
        // Held back only if what is there so far could still become valid.
        return is_valid_utf8_prefix(bytes.substr(bytes.size() - back)) ? back : 0;
    }
    return 0;
}

std::string TextStream::push(TokenId id)
{
    m_pending += m_tokenizer.piece(id, m_render_special);
    const auto hold = incomplete_utf8_tail(m_pending);
    std::string ready = sanitize_utf8(std::string_view(m_pending).substr(0, m_pending.size() - hold));
    m_pending.erase(0, m_pending.size() - hold);
    return ready;
}

std::string TextStream::finish()
{
    std::string rest = sanitize_utf8(m_pending);
    m_pending.clear();
    return rest;
}

} // namespace hearth
