#pragma once

#include <string>

#include "engine/text/tokenizer.h"

namespace hearth {

// Turns generated tokens into text as they arrive. A token may end in the
// middle of a UTF-8 character (byte tokens, byte-level pieces): those bytes
// are held back until the character is complete, and bytes that can never
// complete one come out as U+FFFD — the output is always valid UTF-8.
class TextStream {
public:
    explicit TextStream(const Tokenizer& tokenizer, bool render_special = false)
        : m_tokenizer(tokenizer)
        , m_render_special(render_special)
    { }

    // The text that `id` completes (possibly empty).
    std::string push(TokenId id);
    // Whatever is still held back, at the end of the reply.
    std::string finish();

private:
    const Tokenizer& m_tokenizer;
    bool m_render_special;
    std::string m_pending;
};

// Bytes at the end of `bytes` that start a UTF-8 character still missing its
// last bytes (0 to 3); 0 when the end is complete or can never complete.
std::size_t incomplete_utf8_tail(std::string_view bytes);

} // namespace hearth
