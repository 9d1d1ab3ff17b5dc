#include "engine/text/template/parser.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/text/template/expression_parser.h"
#include "engine/text/template/lexer.h"
#include "engine/text/template/token_cursor.h"
#include "engine/text/template/unicode.h"

namespace hearth::jinja {

namespace {

// Blocks ({% if %}, {% for %}...) nested deeper than this are refused: parsing
// and rendering recurse once per level. Real templates nest a handful.
constexpr int kMaxBlockNesting = 64;

// Statements jinja2 knows that this interpreter does not run.
constexpr std::string_view kUnsupportedStatements[] = { "block", "extends", "include", "import", "from", "with",
    "autoescape", "call", "trans", "pluralize", "do", "debug" };
// Tags that close or continue a block.
constexpr std::string_view kClosingTags[] = { "endif", "elif", "else", "endfor", "endset", "endmacro", "endfilter",
    "endgeneration", "endraw", "endblock", "endwith", "endcall", "endautoescape", "endtrans" };

template <std::size_t N> bool contains_name(const std::string_view (&names)[N], std::string_view name)
{
    return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

class StatementParser {
public:
    explicit StatementParser(Program& program)
        : m_cursor(program.source, tokenize(program.source))
        , m_expressions(m_cursor)
    { }

    ast::Body parse_template()
    {
        auto body = parse_body({});
        m_expressions.check_unknown_names();
        return body;
    }

private:
    struct OpenBlock {
        std::string name;
        std::size_t offset;
        std::string end_name;
    };

    // Statements until a {% tag %} named in `ends` (left for the caller to
    // take) or, at the top level, the end of the template.
    ast::Body parse_body(std::initializer_list<std::string_view> ends)
    {
        ast::Body body;
        while (true) {
            const Token& token = m_cursor.current();
            switch (token.type) {
            case TokenType::Data:
                body.push_back(std::make_unique<ast::Text>(token.offset, m_cursor.take().text));
                break;
            case TokenType::VariableBegin: {
                auto output = std::make_unique<ast::Output>(m_cursor.take().offset);
                output->expression = m_expressions.parse_tuple();
                m_cursor.expect(TokenType::VariableEnd);
                body.push_back(std::move(output));
                break;
            }
            case TokenType::BlockBegin: {
                const Token& name = m_cursor.peek();
                if (name.type == TokenType::Name
                    && std::find(ends.begin(), ends.end(), std::string_view(name.text)) != ends.end())
                    return body;
                m_cursor.take();
                parse_statement(body);
                break;
            }
            case TokenType::End:
                if (!m_open.empty()) {
                    const auto& open = m_open.back();
                    m_cursor.fail(open.offset,
                        "the '" + open.name + "' block is never closed: expected {% " + open.end_name + " %}");
                }
                return body;
            default:
                m_cursor.fail_expected("template text or a tag");
            }
        }
    }

    void parse_statement(ast::Body& body)
    {
        const Token& token = m_cursor.current();
        if (token.type != TokenType::Name)
            m_cursor.fail_expected("a statement name");
        const std::string name = token.text;
        const std::size_t offset = token.offset;
        if (name == "for")
            return body.push_back(parse_for());
        if (name == "if")
            return body.push_back(parse_if());
        if (name == "set")
            return body.push_back(parse_set());
        if (name == "macro")
            return body.push_back(parse_macro());
        if (name == "filter")
            return body.push_back(parse_filter_block());
        if (name == "print") {
            m_cursor.take();
            auto output = std::make_unique<ast::Output>(offset);
            output->expression = m_expressions.parse_tuple();
            m_cursor.expect(TokenType::BlockEnd);
            return body.push_back(std::move(output));
        }
        if (name == "break" || name == "continue") {
            m_cursor.take();
            if (m_loop_depth == 0)
                m_cursor.fail(offset, "'" + name + "' outside a for loop");
            m_cursor.expect(TokenType::BlockEnd);
            return body.push_back(std::make_unique<ast::LoopControl>(
                name == "break" ? ast::StatementKind::Break : ast::StatementKind::Continue, offset));
        }
        if (name == "generation") {
            m_cursor.take();
            m_cursor.expect(TokenType::BlockEnd);
            auto generation = std::make_unique<ast::Generation>(offset);
            m_header_offset = offset;
            const int outer_loop_depth = m_loop_depth;
            m_loop_depth = 0; // its body is a function of its own in jinja2: no break out of it
            generation->body = parse_nested("generation", { "endgeneration" });
            m_loop_depth = outer_loop_depth;
            close_tag_after_body();
            return body.push_back(std::move(generation));
        }
        if (contains_name(kUnsupportedStatements, name))
            m_cursor.fail(offset, "unsupported statement '" + name + "'");
        if (contains_name(kClosingTags, name)) {
            if (m_open.empty())
                m_cursor.fail(offset, "unexpected '" + name + "': no block is open");
            const auto& open = m_open.back();
            m_cursor.fail(offset,
                "unexpected '" + name + "': the '" + open.name + "' block at line "
                    + std::to_string(position_of(m_cursor.source(), open.offset).line) + " expects {% " + open.end_name
                    + " %}");
        }
        m_cursor.fail(offset, "unknown statement '" + name + "'");
    }

    // A block's body. Only the bodies of {% if %} are soft places (see
    // ExpressionParser::soft()); loops, macros and the rest start a hard one.
    ast::Body parse_nested(std::string name, std::initializer_list<std::string_view> ends)
    {
        const bool outer_soft = m_expressions.soft();
        m_expressions.set_soft(name == "if");
        if (static_cast<int>(m_open.size()) >= kMaxBlockNesting)
            m_cursor.fail(m_header_offset, "blocks nest deeper than " + std::to_string(kMaxBlockNesting) + " levels");
        m_open.push_back(OpenBlock { std::move(name), m_header_offset, std::string(*ends.begin()) });
        for (const auto end : ends) {
            if (end.starts_with("end"))
                m_open.back().end_name = end;
        }
        auto body = parse_body(ends);
        m_open.pop_back();
        m_expressions.set_soft(outer_soft);
        return body;
    }

    // Takes {% name %} that closes or continues a block; returns the name.
    std::string take_tag()
    {
        m_cursor.expect(TokenType::BlockBegin);
        return m_cursor.take().text;
    }

    ast::StatementPtr parse_for()
    {
        auto loop = std::make_unique<ast::For>(m_cursor.take().offset);
        m_header_offset = loop->offset;
        loop->target = m_expressions.parse_assign_target(false, { "in" });
        m_cursor.expect_name("in");
        loop->iterable = m_expressions.parse_tuple(false, { "recursive" });
        if (m_cursor.at_name("recursive"))
            m_cursor.fail(m_cursor.current().offset, "unsupported recursive for loop");
        if (m_cursor.skip_name("if"))
            loop->condition = m_expressions.parse_expression();
        m_cursor.expect(TokenType::BlockEnd);

        const bool outer_saw_loop = m_expressions.saw_loop();
        m_expressions.set_saw_loop(false);
        ++m_loop_depth;
        loop->body = parse_nested("for", { "endfor", "else" });
        --m_loop_depth;
        loop->uses_loop = m_expressions.saw_loop();
        m_expressions.set_saw_loop(outer_saw_loop || loop->uses_loop);

        if (take_tag() == "else") {
            m_cursor.expect(TokenType::BlockEnd);
            m_header_offset = loop->offset;
            loop->otherwise = parse_nested("for", { "endfor" });
            take_tag();
        }
        m_cursor.expect(TokenType::BlockEnd);
        return loop;
    }

    ast::StatementPtr parse_if()
    {
        auto statement = std::make_unique<ast::If>(m_cursor.take().offset);
        while (true) {
            const bool outer_soft = m_expressions.soft();
            m_expressions.set_soft(true);
            auto condition = m_expressions.parse_tuple(false);
            m_expressions.set_soft(outer_soft);
            m_cursor.expect(TokenType::BlockEnd);
            m_header_offset = statement->offset;
            auto body = parse_nested("if", { "elif", "else", "endif" });
            statement->branches.emplace_back(std::move(condition), std::move(body));
            const std::string tag = take_tag();
            if (tag == "elif")
                continue;
            if (tag == "else") {
                m_cursor.expect(TokenType::BlockEnd);
                m_header_offset = statement->offset;
                statement->otherwise = parse_nested("if", { "endif" });
                take_tag();
            }
            m_cursor.expect(TokenType::BlockEnd);
            return statement;
        }
    }

    ast::StatementPtr parse_set()
    {
        const std::size_t offset = m_cursor.take().offset;
        auto target = m_expressions.parse_assign_target(true, {});
        if (m_cursor.skip_operator("=")) {
            auto set = std::make_unique<ast::Set>(offset);
            set->target = std::move(target);
            set->value = m_expressions.parse_tuple();
            m_cursor.expect(TokenType::BlockEnd);
            return set;
        }
        auto set = std::make_unique<ast::SetBlock>(offset);
        set->target = std::move(target);
        if (m_cursor.skip_operator("|"))
            set->filters = parse_block_filters();
        m_cursor.expect(TokenType::BlockEnd);
        m_header_offset = offset;
        set->body = parse_nested("set", { "endset" });
        close_tag_after_body();
        return set;
    }

    ast::StatementPtr parse_macro()
    {
        auto macro = std::make_unique<ast::Macro>(m_cursor.take().offset);
        macro->name = m_cursor.expect_name().text;
        m_cursor.expect_operator("(");
        while (!m_cursor.at_operator(")")) {
            if (!macro->parameters.empty()) {
                m_cursor.expect_operator(",");
                if (m_cursor.at_operator(")"))
                    break;
            }
            ast::Parameter parameter;
            const Token& name = m_cursor.expect_name();
            parameter.name = name.text;
            if (m_cursor.skip_operator("="))
                parameter.default_value = m_expressions.parse_expression();
            else if (!macro->parameters.empty() && macro->parameters.back().default_value)
                m_cursor.fail(name.offset,
                    "the macro parameter '" + parameter.name + "' has no default value but follows one that has");
            macro->parameters.push_back(std::move(parameter));
        }
        m_cursor.expect_operator(")");
        m_cursor.expect(TokenType::BlockEnd);
        const int outer_loop_depth = m_loop_depth;
        m_loop_depth = 0; // a macro body is not inside the loop that defines it
        m_header_offset = macro->offset;
        macro->body = parse_nested("macro", { "endmacro" });
        m_loop_depth = outer_loop_depth;
        close_tag_after_body();
        return macro;
    }

    ast::StatementPtr parse_filter_block()
    {
        auto block = std::make_unique<ast::FilterBlock>(m_cursor.take().offset);
        block->filters = parse_block_filters();
        m_cursor.expect(TokenType::BlockEnd);
        m_header_offset = block->offset;
        block->body = parse_nested("filter", { "endfilter" });
        close_tag_after_body();
        return block;
    }

    // The filters of {% filter %} and {% set x | f %} apply in the block's own
    // frame in jinja2, which is never a soft place.
    std::vector<ast::FilterCall> parse_block_filters()
    {
        const bool outer_soft = m_expressions.soft();
        m_expressions.set_soft(false);
        auto filters = m_expressions.parse_filter_chain();
        m_expressions.set_soft(outer_soft);
        return filters;
    }

    void close_tag_after_body()
    {
        take_tag();
        m_cursor.expect(TokenType::BlockEnd);
    }

    TokenCursor m_cursor;
    ExpressionParser m_expressions;
    std::vector<OpenBlock> m_open;
    std::size_t m_header_offset = 0; // where the block being opened starts, for "never closed"
    int m_loop_depth = 0;
};

} // namespace

std::unique_ptr<Program> parse_program(std::string_view source)
{
    if (const auto bad = find_invalid_utf8(source))
        throw error_at(source, *bad, "the template is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
    auto program = std::make_unique<Program>();
    program->source = normalize_newlines(source);
    program->body = StatementParser(*program).parse_template();
    return program;
}

} // namespace hearth::jinja
