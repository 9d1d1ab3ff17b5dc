#include "engine/text/template/lexer.h"

#include <charconv>
#include <limits>
#include <optional>

#include "engine/text/template/failure.h"
#include "engine/text/template/unicode.h"

namespace hearth::jinja {

std::string normalize_newlines(std::string_view source)
{
    std::string out;
    out.reserve(source.size());
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (source[i] == '\r') {
            out += '\n';
            if (i + 1 < source.size() && source[i + 1] == '\n')
                ++i;
        } else {
            out += source[i];
        }
    }
    if (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}
bool is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c)
{
    return is_name_start(c) || is_digit(c);
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

class Lexer {
public:
    explicit Lexer(std::string_view source)
        : m_source(source)
    { }

    std::vector<Token> run()
    {
        while (m_pos < m_source.size())
            lex_root();
        m_tokens.push_back(Token { TokenType::End, m_source.size(), {}, 0, 0.0 });
        return std::move(m_tokens);
    }

private:
    [[noreturn]] void fail(std::size_t offset, const std::string& reason) const
    {
        throw error_at(m_source, offset, reason);
    }

    bool starts_with(std::size_t at, std::string_view what) const
    {
        return m_source.substr(std::min(at, m_source.size())).starts_with(what);
    }

    // Length of the Python whitespace run (\s+) at `at`.
    std::size_t whitespace_at(std::size_t at) const
    {
        std::size_t i = at;
        while (i < m_source.size()) {
            std::size_t next = i;
            if (!is_python_space(decode_utf8(m_source, next)))
                break;
            i = next;
        }
        return i - at;
    }

    void emit(TokenType type, std::size_t offset, std::string text = {})
    {
        m_tokens.push_back(Token { type, offset, std::move(text), 0, 0.0 });
    }

    // Where a match ended decides whether the next text starts a line (for
    // lstrip_blocks), as jinja2 tracks it.
    void matched_until(std::size_t end)
    {
        m_line_starting = end > 0 && m_source[end - 1] == '\n';
        m_pos = end;
    }

    // Applies '-' (strip all whitespace before the tag) or lstrip_blocks
    // (strip the spaces that precede a block or comment tag on its line).
    std::string_view strip_before_tag(std::string_view text, char sign, bool lstrip_applies) const
    {
        if (sign == '-') {
            std::size_t end = text.size();
            while (end > 0) {
                std::size_t start = end - 1;
                while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
                    --start;
                std::size_t i = start;
                if (!is_python_space(decode_utf8(text, i)))
                    break;
                end = start;
            }
            return text.substr(0, end);
        }
        if (sign == '+' || !lstrip_applies)
            return text;
        const std::size_t newline = text.rfind('\n');
        const std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
        if (line_start == 0 && !m_line_starting)
            return text;
        const std::string_view tail = text.substr(line_start);
        if (tail.empty())
            return text;
        for (std::size_t i = 0; i < tail.size();) {
            if (!is_python_space(decode_utf8(tail, i)))
                return text;
        }
        return text.substr(0, line_start);
    }

    void lex_root()
    {
        std::size_t tag = m_pos;
        while (true) {
            tag = m_source.find('{', tag);
            if (tag == std::string_view::npos || tag + 1 >= m_source.size()) {
                emit(TokenType::Data, m_pos, std::string(m_source.substr(m_pos)));
                matched_until(m_source.size());
                return;
            }
            const char kind = m_source[tag + 1];
            if (kind == '{' || kind == '%' || kind == '#')
                break;
            ++tag;
        }
        const char kind = m_source[tag + 1];
        const std::size_t after = tag + 2;
        const char sign
            = after < m_source.size() && (m_source[after] == '-' || m_source[after] == '+') ? m_source[after] : 0;
        const std::optional<std::size_t> raw_end = kind == '%' ? match_raw_begin(tag) : std::nullopt;

        const std::string_view text = strip_before_tag(m_source.substr(m_pos, tag - m_pos), sign, kind != '{');
        if (!text.empty())
            emit(TokenType::Data, m_pos, std::string(text));

        if (raw_end) {
            matched_until(*raw_end);
            lex_raw_body(tag);
        } else if (kind == '#') {
            lex_comment(tag, after + (sign ? 1 : 0));
        } else {
            matched_until(after + (sign ? 1 : 0));
            lex_tag(tag, kind == '%');
        }
    }

    // {%(-|+|)\s*raw\s*(-%}\s*|%}) at `tag`: where the match ends.
    std::optional<std::size_t> match_raw_begin(std::size_t tag) const
    {
        std::size_t i = tag + 2;
        if (i < m_source.size() && (m_source[i] == '-' || m_source[i] == '+'))
            ++i;
        i += whitespace_at(i);
        if (!starts_with(i, "raw"))
            return std::nullopt;
        i += 3;
        i += whitespace_at(i);
        if (starts_with(i, "-%}"))
            return i + 3 + whitespace_at(i + 3);
        if (starts_with(i, "%}"))
            return i + 2;
        return std::nullopt;
    }

    // The end of a block-like tag at `at`: +%}, -%} plus whitespace, or %}
    // plus one newline (trim_blocks). Returns where the match ends.
    std::optional<std::size_t> match_block_end(std::size_t at, char close) const
    {
        const std::string plus = std::string("+") + close + "}";
        const std::string minus = std::string("-") + close + "}";
        const std::string plain = std::string(1, close) + "}";
        if (starts_with(at, plus))
            return at + 3;
        if (starts_with(at, minus))
            return at + 3 + whitespace_at(at + 3);
        if (starts_with(at, plain)) {
            const std::size_t end = at + 2;
            return end < m_source.size() && m_source[end] == '\n' ? end + 1 : end;
        }
        return std::nullopt;
    }

    void lex_comment(std::size_t tag, std::size_t body)
    {
        for (std::size_t at = body; at < m_source.size(); ++at) {
            if (const auto end = match_block_end(at, '#')) {
                matched_until(*end);
                return;
            }
        }
        fail(tag, "the comment is never closed: expected '#}'");
    }

    void lex_raw_body(std::size_t tag)
    {
        for (std::size_t at = m_source.find("{%", m_pos); at != std::string_view::npos;
             at = m_source.find("{%", at + 1)) {
            std::size_t i = at + 2;
            const char sign = i < m_source.size() && (m_source[i] == '-' || m_source[i] == '+') ? m_source[i] : 0;
            if (sign)
                ++i;
            i += whitespace_at(i);
            if (!starts_with(i, "endraw"))
                continue;
            i += 6;
            i += whitespace_at(i);
            const auto end = match_block_end(i, '%');
            if (!end)
                continue;
            const std::string_view text = strip_before_tag(m_source.substr(m_pos, at - m_pos), sign, true);
            if (!text.empty())
                emit(TokenType::Data, m_pos, std::string(text));
            matched_until(*end);
            return;
        }
        fail(tag, "the raw block is never closed: expected '{% endraw %}'");
    }

    void lex_tag(std::size_t tag, bool is_block)
    {
        emit(is_block ? TokenType::BlockBegin : TokenType::VariableBegin, tag);
        std::vector<char> closers; // brackets opened inside the tag, innermost last
        while (true) {
            if (m_pos >= m_source.size())
                fail(tag,
                    is_block ? "the tag is never closed: expected '%}'" : "the tag is never closed: expected '}}'");
            if (closers.empty()) {
                std::optional<std::size_t> end;
                if (is_block) {
                    end = match_block_end(m_pos, '%');
                } else if (starts_with(m_pos, "-}}")) {
                    end = m_pos + 3 + whitespace_at(m_pos + 3);
                } else if (starts_with(m_pos, "}}")) {
                    end = m_pos + 2;
                }
                if (end) {
                    emit(is_block ? TokenType::BlockEnd : TokenType::VariableEnd, m_pos);
                    matched_until(*end);
                    return;
                }
            }
            if (const std::size_t spaces = whitespace_at(m_pos)) {
                matched_until(m_pos + spaces);
                continue;
            }
            if (lex_number() || lex_name() || lex_string())
                continue;
            lex_operator(closers);
        }
    }

    // (\d+_)*\d+ at `at`: where it ends, or npos.
    std::size_t digits_at(std::size_t at) const
    {
        if (at >= m_source.size() || !is_digit(m_source[at]))
            return std::string_view::npos;
        std::size_t i = at;
        while (true) {
            while (i < m_source.size() && is_digit(m_source[i]))
                ++i;
            if (i + 1 < m_source.size() && m_source[i] == '_' && is_digit(m_source[i + 1])) {
                ++i;
                continue;
            }
            return i;
        }
    }

    std::optional<std::size_t> float_end() const
    {
        if (m_pos > 0 && m_source[m_pos - 1] == '.') // jinja2's (?<!\.): "x.1.2" is not a float
            return std::nullopt;
        const std::size_t whole = digits_at(m_pos);
        if (whole == std::string_view::npos)
            return std::nullopt;
        std::size_t mantissa = whole;
        std::optional<std::size_t> fraction;
        if (whole < m_source.size() && m_source[whole] == '.') {
            const std::size_t end = digits_at(whole + 1);
            if (end != std::string_view::npos)
                fraction = end;
        }
        if (fraction)
            mantissa = *fraction;
        if (mantissa < m_source.size() && (m_source[mantissa] == 'e' || m_source[mantissa] == 'E')) {
            std::size_t i = mantissa + 1;
            if (i < m_source.size() && (m_source[i] == '+' || m_source[i] == '-'))
                ++i;
            const std::size_t exponent = digits_at(i);
            if (exponent != std::string_view::npos)
                return exponent;
        }
        return fraction;
    }

    std::size_t integer_end(int& base) const
    {
        const auto run = [&](std::size_t at, auto accepts) {
            std::size_t i = at;
            while (true) {
                if (i < m_source.size() && accepts(m_source[i])) {
                    ++i;
                } else if (i + 1 < m_source.size() && m_source[i] == '_' && accepts(m_source[i + 1])) {
                    i += 2;
                } else {
                    return i;
                }
            }
        };
        base = 10;
        const char first = m_source[m_pos];
        if (first == '0' && m_pos + 1 < m_source.size()) {
            const char prefix = static_cast<char>(m_source[m_pos + 1] | 0x20);
            const auto prefixed = [&](int b, auto accepts) -> std::size_t {
                const std::size_t end = run(m_pos + 2, accepts);
                if (end == m_pos + 2)
                    return 0;
                base = b;
                return end;
            };
            std::size_t end = 0;
            if (prefix == 'b')
                end = prefixed(2, [](char c) { return c == '0' || c == '1'; });
            else if (prefix == 'o')
                end = prefixed(8, [](char c) { return c >= '0' && c <= '7'; });
            else if (prefix == 'x')
                end = prefixed(16, [](char c) { return hex_value(c) >= 0; });
            if (end)
                return end;
        }
        if (first == '0')
            return run(m_pos + 1, [](char c) { return c == '0'; });
        if (first >= '1' && first <= '9')
            return run(m_pos + 1, is_digit);
        return m_pos;
    }

    bool lex_number()
    {
        if (!is_digit(m_source[m_pos]))
            return false;
        std::string digits;
        if (const auto end = float_end()) {
            for (std::size_t i = m_pos; i < *end; ++i) {
                if (m_source[i] != '_')
                    digits += m_source[i];
            }
            Token token { TokenType::Float, m_pos, digits, 0, 0.0 };
            const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), token.number);
            if (ec == std::errc::result_out_of_range) { // Python reads 1e400 as inf and 1e-400 as 0.0
                const std::size_t e = digits.find_first_of("eE");
                const bool tiny = e != std::string::npos && digits[e + 1] == '-';
                token.number = tiny ? 0.0 : std::numeric_limits<double>::infinity();
            }
            m_tokens.push_back(std::move(token));
            matched_until(*end);
            return true;
        }
        int base = 10;
        const std::size_t end = integer_end(base);
        const std::size_t start = base == 10 ? m_pos : m_pos + 2;
        for (std::size_t i = start; i < end; ++i) {
            if (m_source[i] != '_')
                digits += m_source[i];
        }
        Token token { TokenType::Integer, m_pos, std::string(m_source.substr(m_pos, end - m_pos)), 0, 0.0 };
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), token.integer, base);
        if (ec != std::errc())
            fail(m_pos, "the integer " + token.text + " does not fit in 64 bits");
        m_tokens.push_back(std::move(token));
        matched_until(end);
        return true;
    }

    bool lex_name()
    {
        if (!is_name_start(m_source[m_pos]))
            return false;
        std::size_t end = m_pos + 1;
        while (end < m_source.size() && is_name_char(m_source[end]))
            ++end;
        emit(TokenType::Name, m_pos, std::string(m_source.substr(m_pos, end - m_pos)));
        matched_until(end);
        return true;
    }

    bool lex_string()
    {
        const char quote = m_source[m_pos];
        if (quote != '\'' && quote != '"')
            return false;
        std::size_t i = m_pos + 1;
        while (i < m_source.size() && m_source[i] != quote)
            i += m_source[i] == '\\' ? 2 : 1;
        if (i >= m_source.size())
            fail(m_pos, "the string literal is never closed");
        emit(TokenType::String, m_pos, unescape(m_pos + 1, i));
        matched_until(i + 1);
        return true;
    }

    // Python's unicode-escape decoding of a string literal's body, as jinja2
    // applies it: known escapes decoded, unknown ones kept with their backslash.
    std::string unescape(std::size_t begin, std::size_t end) const
    {
        std::string out;
        out.reserve(end - begin);
        std::size_t i = begin;
        const auto read_hex = [&](std::size_t at, int count) -> std::optional<char32_t> {
            if (end - at < static_cast<std::size_t>(count))
                return std::nullopt;
            char32_t value = 0;
            for (int k = 0; k < count; ++k) {
                const int digit = hex_value(m_source[at + k]);
                if (digit < 0)
                    return std::nullopt;
                value = value * 16 + static_cast<char32_t>(digit);
            }
            return value;
        };
        while (i < end) {
            if (m_source[i] != '\\') {
                out += m_source[i++];
                continue;
            }
            const std::size_t escape = i;
            const char c = m_source[i + 1];
            i += 2;
            switch (c) {
            case '\n':
                break;
            case '\\':
            case '\'':
            case '"':
                out += c;
                break;
            case 'a':
                out += '\a';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'v':
                out += '\v';
                break;
            case 'x':
            case 'u':
            case 'U': {
                const int count = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                const auto value = read_hex(i, count);
                if (!value)
                    fail(escape, std::string("truncated \\") + c + " escape in a string literal");
                if (*value > 0x10FFFF || (*value >= 0xD800 && *value <= 0xDFFF))
                    fail(escape, "the string escape names no Unicode character (a surrogate or past U+10FFFF)");
                append_utf8(out, *value);
                i += static_cast<std::size_t>(count);
                break;
            }
            case 'N':
                fail(escape, "unsupported \\N{...} escape in a string literal: write the character itself");
            default:
                if (c >= '0' && c <= '7') {
                    char32_t value = static_cast<char32_t>(c - '0');
                    for (int k = 0; k < 2 && i < end && m_source[i] >= '0' && m_source[i] <= '7'; ++k, ++i)
                        value = value * 8 + static_cast<char32_t>(m_source[i] - '0');
                    append_utf8(out, value);
                } else {
                    out += '\\';
                    out += c;
                }
            }
        }
        return out;
    }

    void lex_operator(std::vector<char>& closers)
    {
        static constexpr std::string_view kTwo[] = { "//", "**", "==", "!=", ">=", "<=" };
        static constexpr std::string_view kOne = "+-/*%~[](){}><=.:|,;";
        std::string op;
        for (const auto candidate : kTwo) {
            if (starts_with(m_pos, candidate)) {
                op = candidate;
                break;
            }
        }
        if (op.empty() && kOne.find(m_source[m_pos]) != std::string_view::npos)
            op = m_source[m_pos];
        if (op.empty()) {
            std::size_t end = m_pos;
            decode_utf8(m_source, end);
            fail(m_pos, "unexpected character '" + std::string(m_source.substr(m_pos, end - m_pos)) + "'");
        }
        if (op == "(" || op == "[" || op == "{") {
            closers.push_back(op == "(" ? ')' : op == "[" ? ']' : '}');
        } else if (op == ")" || op == "]" || op == "}") {
            if (closers.empty())
                fail(m_pos, "unexpected '" + op + "'");
            if (closers.back() != op[0])
                fail(m_pos, "unexpected '" + op + "', expected '" + std::string(1, closers.back()) + "'");
            closers.pop_back();
        }
        emit(TokenType::Operator, m_pos, op);
        matched_until(m_pos + op.size());
    }

    std::string_view m_source;
    std::size_t m_pos = 0;
    bool m_line_starting = true;
    std::vector<Token> m_tokens;
};

} // namespace

std::vector<Token> tokenize(std::string_view source)
{
    return Lexer(source).run();
}

} // namespace hearth::jinja
