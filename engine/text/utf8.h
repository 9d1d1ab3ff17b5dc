#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Bytes in the UTF-8 sequence that `lead` starts, from its high bits alone
// (1 for a stray continuation byte).
std::size_t utf8_sequence_length(unsigned char lead);

// Code points of `text`, decoded the lenient way llama.cpp does so that our
// tokens match its tokens on any input: a byte that does not start a complete
// sequence becomes U+FFFD and decoding resumes at the next byte; overlong
// forms and surrogates are kept as they decode.
std::vector<char32_t> decode_utf8_lenient(std::string_view text);

// Appends the UTF-8 encoding of `cp` (surrogates included, as llama.cpp does);
// code points above U+10FFFF become U+FFFD.
void append_utf8(std::string& out, char32_t cp);

// True when `text` is well-formed UTF-8 (no surrogates, no overlongs).
bool is_valid_utf8(std::string_view text);

// True when `bytes` (at most 3) start a well-formed sequence not yet complete:
// E4 B8 can still become 中, E0 80 never becomes anything.
bool is_valid_utf8_prefix(std::string_view bytes);

// `text` with every ill-formed sequence replaced by U+FFFD (WHATWG rules:
// one replacement per maximal ill-formed subpart).
std::string sanitize_utf8(std::string_view text);

} // namespace hearth
