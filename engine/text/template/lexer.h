#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::jinja {

enum class TokenType : std::uint8_t {
    Data, // template text, whitespace control already applied
    BlockBegin, // {%
    BlockEnd, // %}
    VariableBegin, // {{
    VariableEnd, // }}
    Name,
    String,
    Integer,
    Float,
    Operator,
    End,
};

struct Token {
    TokenType type = TokenType::End;
    std::size_t offset = 0; // byte offset in the normalized source
    std::string text; // data, name, decoded string literal, or operator
    std::int64_t integer = 0;
    double number = 0.0;
};

// What jinja2's lexer does to the source first: \r\n and \r become \n, and one
// trailing newline is dropped (keep_trailing_newline=False).
std::string normalize_newlines(std::string_view source);

// Splits a normalized source into tokens as jinja2's lexer does with
// trim_blocks and lstrip_blocks: comments dropped, {% raw %} bodies as data,
// '-' and '+' whitespace control applied to the data around tags. Throws
// TemplateError.
std::vector<Token> tokenize(std::string_view source);

} // namespace hearth::jinja
