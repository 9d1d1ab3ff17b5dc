#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/text/template/failure.h"
#include "engine/text/template/lexer.h"

namespace hearth::jinja {

// Walks the token list for the parsers, with the checks and messages they
// share. The list always ends with an End token, which the cursor never passes.
class TokenCursor {
public:
    TokenCursor(std::string_view source, std::vector<Token> tokens)
        : m_source(source)
        , m_tokens(std::move(tokens))
    { }

    const Token& current() const { return m_tokens[m_index]; }
    const Token& peek() const { return m_tokens[std::min(m_index + 1, m_tokens.size() - 1)]; }
    const Token& take()
    {
        const Token& token = m_tokens[m_index];
        if (m_index + 1 < m_tokens.size())
            ++m_index;
        return token;
    }

    bool at(TokenType type) const { return current().type == type; }
    bool at_operator(std::string_view op) const { return is_operator(current(), op); }
    bool at_name(std::string_view name) const { return is_name(current(), name); }
    static bool is_operator(const Token& token, std::string_view op)
    {
        return token.type == TokenType::Operator && token.text == op;
    }
    static bool is_name(const Token& token, std::string_view name)
    {
        return token.type == TokenType::Name && token.text == name;
    }

    bool skip_operator(std::string_view op)
    {
        if (!at_operator(op))
            return false;
        take();
        return true;
    }
    bool skip_name(std::string_view name)
    {
        if (!at_name(name))
            return false;
        take();
        return true;
    }

    const Token& expect_operator(std::string_view op)
    {
        if (!at_operator(op))
            fail_expected("'" + std::string(op) + "'");
        return take();
    }
    const Token& expect_name()
    {
        if (!at(TokenType::Name))
            fail_expected("a name");
        return take();
    }
    void expect_name(std::string_view name)
    {
        if (!at_name(name))
            fail_expected("'" + std::string(name) + "'");
        take();
    }
    void expect(TokenType type)
    {
        if (!at(type))
            fail_expected(describe_type(type));
        take();
    }

    [[noreturn]] void fail(std::size_t offset, const std::string& reason) const
    {
        throw error_at(m_source, offset, reason);
    }
    [[noreturn]] void fail_expected(const std::string& what) const
    {
        fail(current().offset, "expected " + what + ", got " + describe(current()));
    }

    std::string describe(const Token& token) const
    {
        switch (token.type) {
        case TokenType::End:
            return "the end of the template";
        case TokenType::Data:
            return "template text";
        case TokenType::String:
            return "a string";
        default:
            return "'" + (token.text.empty() ? describe_type(token.type) : token.text) + "'";
        }
    }

    static std::string describe_type(TokenType type)
    {
        switch (type) {
        case TokenType::BlockBegin:
            return "{%";
        case TokenType::BlockEnd:
            return "%}";
        case TokenType::VariableBegin:
            return "{{";
        case TokenType::VariableEnd:
            return "}}";
        case TokenType::Name:
            return "a name";
        case TokenType::String:
            return "a string";
        case TokenType::Integer:
        case TokenType::Float:
            return "a number";
        case TokenType::End:
            return "the end of the template";
        default:
            return "a token";
        }
    }

    std::string_view source() const { return m_source; }

private:
    std::string_view m_source;
    std::vector<Token> m_tokens;
    std::size_t m_index = 0;
};

} // namespace hearth::jinja
