#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace hearth {

// GPT-2's byte-level alphabet: every byte gets a printable code point so that
// a byte-level BPE vocabulary can spell any byte string. Printable Latin-1
// bytes map to themselves; the others to U+0100 and up ("Ġ" is the space).
class ByteLevelAlphabet {
public:
    ByteLevelAlphabet();

    // UTF-8 of the code point standing for `byte`.
    const std::string& encode(unsigned char byte) const { return m_encoded[byte]; }
    std::string encode(std::string_view bytes) const;
    // The bytes a byte-level token text stands for; nullopt if a character is
    // not in the alphabet (then the text is not byte-level, e.g. a special token).
    std::optional<std::string> decode(std::string_view text) const;

private:
    std::array<std::string, 256> m_encoded;
    std::array<int, 512> m_byte_of_code_point; // -1 where no byte maps
};

} // namespace hearth
