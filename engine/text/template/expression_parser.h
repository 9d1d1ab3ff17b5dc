#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/text/template/ast.h"
#include "engine/text/template/token_cursor.h"

namespace hearth::jinja {

// Parses expressions with jinja2's grammar and precedence: conditional, or,
// and, not, comparisons, + -, ~, * / // %, **, unary - +, then postfix
// (.attr, [index], calls), filters and `is` tests.
class ExpressionParser {
public:
    explicit ExpressionParser(TokenCursor& cursor)
        : m_cursor(cursor)
    { }

    ast::ExpressionPtr parse_expression(bool with_conditional = true);
    // `a, b` as a tuple, a single item as itself. `extra_end` names end the
    // tuple too (the `in` of a for loop).
    ast::ExpressionPtr parse_tuple(bool with_conditional = true, std::initializer_list<std::string_view> extra_end = {},
        bool explicit_parentheses = false);
    // The target of `for` and `set`: names, or a namespace attribute.
    ast::AssignTarget parse_assign_target(bool with_namespace, std::initializer_list<std::string_view> extra_end);
    // name(args) | name ... as in {% filter %} and {% set x | f %}.
    std::vector<ast::FilterCall> parse_filter_chain();

    // Whether the name `loop` was parsed since the last reset: a for loop builds
    // its loop variable only when its body uses it.
    bool saw_loop() const { return m_saw_loop; }
    void set_saw_loop(bool saw) { m_saw_loop = saw; }

    // jinja2 accepts an unknown filter or test inside an {% if %} (directly,
    // not inside a loop or macro there) and inside an inline if, and fails only
    // if it runs: templates guard them with `is filter`. The statement parser
    // says when such a "soft" place begins and ends.
    bool soft() const { return m_soft; }
    void set_soft(bool soft) { m_soft = soft; }
    // Throws for the first unknown filter or test outside a soft place.
    void check_unknown_names() const;

private:
    ast::ExpressionPtr parse_conditional();
    ast::ExpressionPtr parse_or();
    ast::ExpressionPtr parse_and();
    ast::ExpressionPtr parse_not();
    ast::ExpressionPtr parse_compare();
    // The comparison operator at the cursor, taken; none when there is none.
    std::optional<ast::CompareOperator> take_compare_operator();
    ast::ExpressionPtr parse_additive();
    ast::ExpressionPtr parse_concat();
    ast::ExpressionPtr parse_multiplicative();
    ast::ExpressionPtr parse_power();
    ast::ExpressionPtr parse_unary(bool with_filter);
    ast::ExpressionPtr parse_primary();
    ast::ExpressionPtr parse_list();
    ast::ExpressionPtr parse_dict();
    ast::ExpressionPtr parse_postfix(ast::ExpressionPtr node);
    ast::ExpressionPtr parse_subscript(ast::ExpressionPtr node);
    ast::ExpressionPtr parse_subscribed();
    ast::ExpressionPtr parse_call(ast::ExpressionPtr callee);
    ast::Arguments parse_call_arguments();
    ast::ExpressionPtr parse_filters_and_tests(ast::ExpressionPtr node);
    ast::FilterCall parse_filter_call();
    ast::ExpressionPtr parse_test(ast::ExpressionPtr operand);
    std::string parse_dotted_name();
    bool at_tuple_end(std::initializer_list<std::string_view> extra_end) const;
    ast::ExpressionPtr binary(
        ast::ExpressionKind kind, ast::BinaryOperator op, ast::ExpressionPtr left, ast::ExpressionPtr right);
    // Records the node's height and refuses trees deeper than the limit.
    ast::ExpressionPtr seal(ast::ExpressionPtr node);

    struct UnknownName {
        std::size_t offset;
        std::string reason;
        bool soft;
    };
    void note_unknown(std::size_t offset, std::string reason);

    TokenCursor& m_cursor;
    int m_nesting = 0;
    bool m_saw_loop = false;
    bool m_soft = false;
    std::vector<UnknownName> m_unknown;
};

} // namespace hearth::jinja
