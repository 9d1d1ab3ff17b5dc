#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::jinja {

// UTF-8 and the few character properties Python's str methods need. Strings
// inside the interpreter are valid UTF-8: the template and the context are
// checked on the way in, and every operation keeps whole characters.

// Decodes the character at s[i] and moves i past it.
char32_t decode_utf8(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t c);
// Byte offset of the first invalid UTF-8 sequence (overlong forms and
// surrogates included), or nullopt when the whole string is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);
std::size_t count_characters(std::string_view s);
bool is_ascii(std::string_view s);

// str.isspace(): also what Python's str.strip() and re's \s remove.
bool is_python_space(char32_t c);
// Whether repr() shows the character itself rather than an escape. Python asks
// the Unicode database; this covers controls, separators and format
// characters, which is what chat text contains.
bool is_python_printable(char32_t c);

// Simple case mapping for Latin, Greek, Cyrillic and fullwidth Latin; other
// scripts (Chinese among them) have no case and stay as they are.
char32_t to_upper(char32_t c);
char32_t to_lower(char32_t c);
bool is_cased(char32_t c);
std::string upper(std::string_view s);
std::string lower(std::string_view s);

} // namespace hearth::jinja
