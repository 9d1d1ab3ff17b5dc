#include "engine/text/template/expression_parser.h"

#include <algorithm>

namespace hearth::jinja {

namespace {

// Parentheses, brackets and unary operators nested deeper than this are
// refused: the parser recurses once per level. Real templates nest a handful.
constexpr int kMaxNesting = 64;
// Trees taller than this are refused: evaluating and freeing them recurse.
// A chain `a + b + c ...` grows one level per operator.
constexpr int kMaxHeight = 128;

// Counts one level of parser recursion for as long as it lives.
class NestingGuard {
public:
    NestingGuard(int& nesting, const TokenCursor& cursor)
        : m_nesting(nesting)
    {
        if (++m_nesting > kMaxNesting)
            cursor.fail(
                cursor.current().offset, "the expression nests deeper than " + std::to_string(kMaxNesting) + " levels");
    }
    ~NestingGuard() { --m_nesting; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

private:
    int& m_nesting;
};

int height_of(const ast::ExpressionPtr& node)
{
    return node ? node->height : 0;
}

int height_of(const ast::Arguments& arguments)
{
    int height = 0;
    for (const auto& item : arguments.positional)
        height = std::max(height, height_of(item));
    for (const auto& [name, item] : arguments.keyword)
        height = std::max(height, height_of(item));
    return height;
}

int children_height(const ast::Expression& node)
{
    using ast::ExpressionKind;
    switch (node.kind) {
    case ExpressionKind::Literal:
    case ExpressionKind::Name:
        return 0;
    case ExpressionKind::List: {
        int height = 0;
        for (const auto& item : static_cast<const ast::ListLiteral&>(node).items)
            height = std::max(height, height_of(item));
        return height;
    }
    case ExpressionKind::Dict: {
        int height = 0;
        for (const auto& [key, value] : static_cast<const ast::DictLiteral&>(node).entries)
            height = std::max({ height, height_of(key), height_of(value) });
        return height;
    }
    case ExpressionKind::Attribute:
        return height_of(static_cast<const ast::Attribute&>(node).object);
    case ExpressionKind::Subscript: {
        const auto& subscript = static_cast<const ast::Subscript&>(node);
        return std::max(height_of(subscript.object), height_of(subscript.index));
    }
    case ExpressionKind::Slice: {
        const auto& slice = static_cast<const ast::Slice&>(node);
        return std::max({ height_of(slice.start), height_of(slice.stop), height_of(slice.step) });
    }
    case ExpressionKind::Call: {
        const auto& call = static_cast<const ast::Call&>(node);
        return std::max(height_of(call.callee), height_of(call.arguments));
    }
    case ExpressionKind::Filter: {
        const auto& filter = static_cast<const ast::Filter&>(node);
        return std::max(height_of(filter.operand), height_of(filter.call.arguments));
    }
    case ExpressionKind::Test: {
        const auto& test = static_cast<const ast::Test&>(node);
        return std::max(height_of(test.operand), height_of(test.arguments));
    }
    case ExpressionKind::Not:
    case ExpressionKind::Negate:
    case ExpressionKind::Plus:
        return height_of(static_cast<const ast::Unary&>(node).operand);
    case ExpressionKind::Binary:
    case ExpressionKind::And:
    case ExpressionKind::Or: {
        const auto& binary = static_cast<const ast::Binary&>(node);
        return std::max(height_of(binary.left), height_of(binary.right));
    }
    case ExpressionKind::Concat: {
        int height = 0;
        for (const auto& part : static_cast<const ast::Concat&>(node).parts)
            height = std::max(height, height_of(part));
        return height;
    }
    case ExpressionKind::Compare: {
        const auto& compare = static_cast<const ast::Compare&>(node);
        int height = height_of(compare.first);
        for (const auto& [op, operand] : compare.rest)
            height = std::max(height, height_of(operand));
        return height;
    }
    case ExpressionKind::Conditional: {
        const auto& conditional = static_cast<const ast::Conditional&>(node);
        return std::max(
            { height_of(conditional.condition), height_of(conditional.then), height_of(conditional.otherwise) });
    }
    }
    return 0;
}

} // namespace

ast::ExpressionPtr ExpressionParser::seal(ast::ExpressionPtr node)
{
    node->height = children_height(*node) + 1;
    if (node->height > kMaxHeight)
        m_cursor.fail(node->offset,
            "the expression is too deeply nested (more than " + std::to_string(kMaxHeight)
                + " levels of operators): split it with {% set %}");
    return node;
}

ast::ExpressionPtr ExpressionParser::parse_expression(bool with_conditional)
{
    // Recursion is counted where it happens: in parse_unary (parentheses,
    // brackets, calls and unary minus all pass there), parse_not and the else
    // of a conditional.
    return with_conditional ? parse_conditional() : parse_or();
}

ast::ExpressionPtr ExpressionParser::parse_conditional()
{
    const std::size_t unknown_before = m_unknown.size();
    auto expression = parse_or();
    while (m_cursor.skip_name("if")) {
        // The whole inline if is a soft place, its first part included.
        for (std::size_t i = unknown_before; i < m_unknown.size(); ++i)
            m_unknown[i].soft = true;
        const bool outer_soft = m_soft;
        m_soft = true;
        auto conditional = std::make_unique<ast::Conditional>(expression->offset);
        conditional->then = std::move(expression);
        conditional->condition = parse_or();
        if (m_cursor.skip_name("else")) {
            NestingGuard guard(m_nesting, m_cursor);
            conditional->otherwise = parse_conditional();
        }
        m_soft = outer_soft;
        expression = seal(std::move(conditional));
    }
    return expression;
}

void ExpressionParser::note_unknown(std::size_t offset, std::string reason)
{
    m_unknown.push_back(UnknownName { offset, std::move(reason), m_soft });
}

void ExpressionParser::check_unknown_names() const
{
    for (const auto& unknown : m_unknown) {
        if (!unknown.soft)
            m_cursor.fail(unknown.offset, unknown.reason);
    }
}

ast::ExpressionPtr ExpressionParser::binary(
    ast::ExpressionKind kind, ast::BinaryOperator op, ast::ExpressionPtr left, ast::ExpressionPtr right)
{
    auto node = std::make_unique<ast::Binary>(kind, left->offset);
    node->op = op;
    node->left = std::move(left);
    node->right = std::move(right);
    return seal(std::move(node));
}

ast::ExpressionPtr ExpressionParser::parse_or()
{
    auto left = parse_and();
    while (m_cursor.skip_name("or"))
        left = binary(ast::ExpressionKind::Or, ast::BinaryOperator::Add, std::move(left), parse_and());
    return left;
}

ast::ExpressionPtr ExpressionParser::parse_and()
{
    auto left = parse_not();
    while (m_cursor.skip_name("and"))
        left = binary(ast::ExpressionKind::And, ast::BinaryOperator::Add, std::move(left), parse_not());
    return left;
}

ast::ExpressionPtr ExpressionParser::parse_not()
{
    if (m_cursor.at_name("not")) {
        const std::size_t offset = m_cursor.take().offset;
        NestingGuard guard(m_nesting, m_cursor);
        auto node = std::make_unique<ast::Unary>(ast::ExpressionKind::Not, offset);
        node->operand = parse_not();
        return seal(std::move(node));
    }
    return parse_compare();
}

std::optional<ast::CompareOperator> ExpressionParser::take_compare_operator()
{
    using Op = ast::CompareOperator;
    const Token& token = m_cursor.current();
    if (token.type == TokenType::Operator) {
        std::optional<Op> op;
        if (token.text == "==")
            op = Op::Equal;
        else if (token.text == "!=")
            op = Op::NotEqual;
        else if (token.text == "<")
            op = Op::Less;
        else if (token.text == "<=")
            op = Op::LessEqual;
        else if (token.text == ">")
            op = Op::Greater;
        else if (token.text == ">=")
            op = Op::GreaterEqual;
        if (op)
            m_cursor.take();
        return op;
    }
    if (m_cursor.skip_name("in"))
        return Op::In;
    if (m_cursor.at_name("not") && TokenCursor::is_name(m_cursor.peek(), "in")) {
        m_cursor.take();
        m_cursor.take();
        return Op::NotIn;
    }
    return std::nullopt;
}

ast::ExpressionPtr ExpressionParser::parse_compare()
{
    auto first = parse_additive();
    auto op = take_compare_operator();
    if (!op)
        return first;
    auto compare = std::make_unique<ast::Compare>(first->offset);
    compare->first = std::move(first);
    do {
        compare->rest.emplace_back(*op, parse_additive());
    } while ((op = take_compare_operator()));
    return seal(std::move(compare));
}

ast::ExpressionPtr ExpressionParser::parse_additive()
{
    auto left = parse_concat();
    while (true) {
        if (m_cursor.skip_operator("+"))
            left = binary(ast::ExpressionKind::Binary, ast::BinaryOperator::Add, std::move(left), parse_concat());
        else if (m_cursor.skip_operator("-"))
            left = binary(ast::ExpressionKind::Binary, ast::BinaryOperator::Subtract, std::move(left), parse_concat());
        else
            return left;
    }
}

ast::ExpressionPtr ExpressionParser::parse_concat()
{
    auto first = parse_multiplicative();
    if (!m_cursor.at_operator("~"))
        return first;
    auto concat = std::make_unique<ast::Concat>(first->offset);
    concat->parts.push_back(std::move(first));
    while (m_cursor.skip_operator("~"))
        concat->parts.push_back(parse_multiplicative());
    return seal(std::move(concat));
}

ast::ExpressionPtr ExpressionParser::parse_multiplicative()
{
    auto left = parse_power();
    while (true) {
        std::optional<ast::BinaryOperator> op;
        if (m_cursor.at_operator("*"))
            op = ast::BinaryOperator::Multiply;
        else if (m_cursor.at_operator("/"))
            op = ast::BinaryOperator::Divide;
        else if (m_cursor.at_operator("//"))
            op = ast::BinaryOperator::FloorDivide;
        else if (m_cursor.at_operator("%"))
            op = ast::BinaryOperator::Modulo;
        if (!op)
            return left;
        m_cursor.take();
        left = binary(ast::ExpressionKind::Binary, *op, std::move(left), parse_power());
    }
}

ast::ExpressionPtr ExpressionParser::parse_power()
{
    // Left-associative in jinja2, unlike Python: 2 ** 3 ** 2 is 64.
    auto left = parse_unary(true);
    while (m_cursor.skip_operator("**"))
        left = binary(ast::ExpressionKind::Binary, ast::BinaryOperator::Power, std::move(left), parse_unary(true));
    return left;
}

ast::ExpressionPtr ExpressionParser::parse_unary(bool with_filter)
{
    NestingGuard guard(m_nesting, m_cursor);
    ast::ExpressionPtr node;
    if (m_cursor.at_operator("-") || m_cursor.at_operator("+")) {
        const Token& token = m_cursor.take();
        auto unary = std::make_unique<ast::Unary>(
            token.text == "-" ? ast::ExpressionKind::Negate : ast::ExpressionKind::Plus, token.offset);
        unary->operand = parse_unary(false);
        node = seal(std::move(unary));
    } else {
        node = parse_primary();
    }
    node = parse_postfix(std::move(node));
    if (with_filter)
        node = parse_filters_and_tests(std::move(node));
    return node;
}

ast::ExpressionPtr ExpressionParser::parse_primary()
{
    const Token& token = m_cursor.current();
    const std::size_t offset = token.offset;
    switch (token.type) {
    case TokenType::Name: {
        const std::string name = m_cursor.take().text;
        if (name == "true" || name == "True")
            return seal(std::make_unique<ast::Literal>(offset, Value::boolean(true)));
        if (name == "false" || name == "False")
            return seal(std::make_unique<ast::Literal>(offset, Value::boolean(false)));
        if (name == "none" || name == "None")
            return seal(std::make_unique<ast::Literal>(offset, Value::none()));
        if (name == "loop")
            m_saw_loop = true;
        return seal(std::make_unique<ast::Name>(offset, name));
    }
    case TokenType::String: {
        std::string text;
        while (m_cursor.at(TokenType::String)) // adjacent literals join, as in Python
            text += m_cursor.take().text;
        return seal(std::make_unique<ast::Literal>(offset, Value::string(std::move(text))));
    }
    case TokenType::Integer:
        return seal(std::make_unique<ast::Literal>(offset, Value::integer(m_cursor.take().integer)));
    case TokenType::Float:
        return seal(std::make_unique<ast::Literal>(offset, Value::floating(m_cursor.take().number)));
    case TokenType::Operator:
        if (token.text == "(") {
            m_cursor.take();
            auto node = parse_tuple(true, {}, true);
            m_cursor.expect_operator(")");
            return node;
        }
        if (token.text == "[")
            return parse_list();
        if (token.text == "{")
            return parse_dict();
        break;
    default:
        break;
    }
    m_cursor.fail_expected("an expression");
}

bool ExpressionParser::at_tuple_end(std::initializer_list<std::string_view> extra_end) const
{
    const Token& token = m_cursor.current();
    if (token.type == TokenType::VariableEnd || token.type == TokenType::BlockEnd || token.type == TokenType::End)
        return true;
    if (TokenCursor::is_operator(token, ")"))
        return true;
    return std::any_of(
        extra_end.begin(), extra_end.end(), [&](std::string_view name) { return m_cursor.at_name(name); });
}

ast::ExpressionPtr ExpressionParser::parse_tuple(
    bool with_conditional, std::initializer_list<std::string_view> extra_end, bool explicit_parentheses)
{
    const std::size_t offset = m_cursor.current().offset;
    std::vector<ast::ExpressionPtr> items;
    bool is_tuple = false;
    while (true) {
        if (!items.empty())
            m_cursor.expect_operator(",");
        if (at_tuple_end(extra_end))
            break;
        items.push_back(parse_expression(with_conditional));
        if (!m_cursor.at_operator(","))
            break;
        is_tuple = true;
    }
    if (!is_tuple) {
        if (!items.empty())
            return std::move(items.front());
        if (!explicit_parentheses)
            m_cursor.fail_expected("an expression");
    }
    auto tuple = std::make_unique<ast::ListLiteral>(offset);
    tuple->tuple = true;
    tuple->items = std::move(items);
    return seal(std::move(tuple));
}

ast::ExpressionPtr ExpressionParser::parse_list()
{
    auto list = std::make_unique<ast::ListLiteral>(m_cursor.expect_operator("[").offset);
    while (!m_cursor.at_operator("]")) {
        if (!list->items.empty()) {
            m_cursor.expect_operator(",");
            if (m_cursor.at_operator("]"))
                break;
        }
        list->items.push_back(parse_expression());
    }
    m_cursor.expect_operator("]");
    return seal(std::move(list));
}

ast::ExpressionPtr ExpressionParser::parse_dict()
{
    auto dict = std::make_unique<ast::DictLiteral>(m_cursor.expect_operator("{").offset);
    while (!m_cursor.at_operator("}")) {
        if (!dict->entries.empty()) {
            m_cursor.expect_operator(",");
            if (m_cursor.at_operator("}"))
                break;
        }
        auto key = parse_expression();
        m_cursor.expect_operator(":");
        dict->entries.emplace_back(std::move(key), parse_expression());
    }
    m_cursor.expect_operator("}");
    return seal(std::move(dict));
}

ast::ExpressionPtr ExpressionParser::parse_postfix(ast::ExpressionPtr node)
{
    while (true) {
        if (m_cursor.at_operator(".") || m_cursor.at_operator("["))
            node = parse_subscript(std::move(node));
        else if (m_cursor.at_operator("("))
            node = parse_call(std::move(node));
        else
            return node;
    }
}

ast::ExpressionPtr ExpressionParser::parse_subscript(ast::ExpressionPtr node)
{
    const Token& opener = m_cursor.take();
    if (opener.text == ".") {
        const Token& token = m_cursor.current();
        if (token.type == TokenType::Name) {
            auto attribute = std::make_unique<ast::Attribute>(node->offset);
            attribute->object = std::move(node);
            attribute->name = m_cursor.take().text;
            return seal(std::move(attribute));
        }
        if (token.type != TokenType::Integer)
            m_cursor.fail_expected("a name or a number after '.'");
        auto subscript = std::make_unique<ast::Subscript>(node->offset);
        subscript->object = std::move(node);
        subscript->index = seal(std::make_unique<ast::Literal>(token.offset, Value::integer(m_cursor.take().integer)));
        return seal(std::move(subscript));
    }
    const std::size_t offset = opener.offset;
    std::vector<ast::ExpressionPtr> indices;
    while (!m_cursor.at_operator("]")) {
        if (!indices.empty())
            m_cursor.expect_operator(",");
        indices.push_back(parse_subscribed());
    }
    m_cursor.expect_operator("]");
    auto subscript = std::make_unique<ast::Subscript>(node->offset);
    subscript->object = std::move(node);
    if (indices.size() == 1) {
        subscript->index = std::move(indices.front());
    } else {
        auto tuple = std::make_unique<ast::ListLiteral>(offset);
        tuple->tuple = true;
        tuple->items = std::move(indices);
        subscript->index = seal(std::move(tuple));
    }
    return seal(std::move(subscript));
}

ast::ExpressionPtr ExpressionParser::parse_subscribed()
{
    const std::size_t offset = m_cursor.current().offset;
    ast::ExpressionPtr start;
    if (!m_cursor.skip_operator(":")) {
        start = parse_expression();
        if (!m_cursor.skip_operator(":"))
            return start;
    }
    auto slice = std::make_unique<ast::Slice>(offset);
    slice->start = std::move(start);
    const auto at_part_end = [&] { return m_cursor.at_operator("]") || m_cursor.at_operator(","); };
    if (!m_cursor.at_operator(":") && !at_part_end())
        slice->stop = parse_expression();
    if (m_cursor.skip_operator(":") && !at_part_end())
        slice->step = parse_expression();
    return seal(std::move(slice));
}

ast::ExpressionPtr ExpressionParser::parse_call(ast::ExpressionPtr callee)
{
    auto call = std::make_unique<ast::Call>(callee->offset);
    call->callee = std::move(callee);
    call->arguments = parse_call_arguments();
    return seal(std::move(call));
}

ast::Arguments ExpressionParser::parse_call_arguments()
{
    ast::Arguments arguments;
    m_cursor.expect_operator("(");
    while (!m_cursor.at_operator(")")) {
        if (!arguments.positional.empty() || !arguments.keyword.empty()) {
            m_cursor.expect_operator(",");
            if (m_cursor.at_operator(")"))
                break;
        }
        if (m_cursor.at_operator("*") || m_cursor.at_operator("**"))
            m_cursor.fail(m_cursor.current().offset, "unsupported *args or **kwargs in a call");
        if (m_cursor.at(TokenType::Name) && TokenCursor::is_operator(m_cursor.peek(), "=")) {
            std::string name = m_cursor.take().text;
            m_cursor.take();
            arguments.keyword.emplace_back(std::move(name), parse_expression());
            continue;
        }
        if (!arguments.keyword.empty())
            m_cursor.fail(m_cursor.current().offset, "a positional argument follows a keyword argument");
        arguments.positional.push_back(parse_expression());
    }
    m_cursor.expect_operator(")");
    return arguments;
}

ast::ExpressionPtr ExpressionParser::parse_filters_and_tests(ast::ExpressionPtr node)
{
    while (true) {
        if (m_cursor.skip_operator("|")) {
            // A failing filter names the position of its name.
            auto filter = std::make_unique<ast::Filter>(m_cursor.current().offset);
            filter->operand = std::move(node);
            filter->call = parse_filter_call();
            node = seal(std::move(filter));
        } else if (m_cursor.at_name("is")) {
            node = parse_test(std::move(node));
        } else if (m_cursor.at_operator("(")) {
            node = parse_call(std::move(node));
        } else {
            return node;
        }
    }
}

std::string ExpressionParser::parse_dotted_name()
{
    std::string name = m_cursor.expect_name().text;
    while (m_cursor.skip_operator("."))
        name += "." + m_cursor.expect_name().text;
    return name;
}

ast::FilterCall ExpressionParser::parse_filter_call()
{
    ast::FilterCall call;
    call.offset = m_cursor.current().offset;
    call.name = parse_dotted_name();
    call.function = find_filter(call.name);
    if (!call.function)
        note_unknown(call.offset, missing_filter_reason(call.name));
    if (m_cursor.at_operator("("))
        call.arguments = parse_call_arguments();
    return call;
}

std::vector<ast::FilterCall> ExpressionParser::parse_filter_chain()
{
    std::vector<ast::FilterCall> calls;
    calls.push_back(parse_filter_call());
    while (m_cursor.skip_operator("|"))
        calls.push_back(parse_filter_call());
    return calls;
}

ast::ExpressionPtr ExpressionParser::parse_test(ast::ExpressionPtr operand)
{
    const std::size_t is_offset = m_cursor.take().offset;
    const bool negated = m_cursor.skip_name("not");
    const std::size_t name_offset = m_cursor.current().offset;
    auto test = std::make_unique<ast::Test>(name_offset);
    test->operand = std::move(operand);
    test->name = parse_dotted_name();
    test->function = find_test(test->name);
    if (!test->function)
        note_unknown(name_offset, missing_test_reason(test->name));
    const Token& next = m_cursor.current();
    if (m_cursor.at_operator("(")) {
        test->arguments = parse_call_arguments();
    } else if ((next.type == TokenType::Name || next.type == TokenType::String || next.type == TokenType::Integer
                   || next.type == TokenType::Float || m_cursor.at_operator("[") || m_cursor.at_operator("{"))
        && !m_cursor.at_name("else") && !m_cursor.at_name("or") && !m_cursor.at_name("and")) {
        // `x is divisibleby 3`: one argument without parentheses, as jinja2 allows.
        if (m_cursor.at_name("is"))
            m_cursor.fail(next.offset, "tests cannot be chained with 'is'");
        NestingGuard guard(m_nesting, m_cursor);
        test->arguments.positional.push_back(parse_postfix(parse_primary()));
    }
    auto node = seal(std::move(test));
    if (!negated)
        return node;
    auto negation = std::make_unique<ast::Unary>(ast::ExpressionKind::Not, is_offset);
    negation->operand = std::move(node);
    return seal(std::move(negation));
}

ast::AssignTarget ExpressionParser::parse_assign_target(
    bool with_namespace, std::initializer_list<std::string_view> extra_end)
{
    ast::AssignTarget target;
    if (with_namespace && m_cursor.at(TokenType::Name) && TokenCursor::is_operator(m_cursor.peek(), ".")) {
        target.names.push_back(m_cursor.take().text);
        m_cursor.take();
        target.attribute = m_cursor.expect_name().text;
        return target;
    }
    const bool parenthesized = m_cursor.skip_operator("(");
    while (true) {
        const Token& token = m_cursor.current();
        if (token.type != TokenType::Name)
            m_cursor.fail_expected("a name to assign to");
        static constexpr std::string_view kConstants[] = { "true", "false", "none", "True", "False", "None" };
        if (std::find(std::begin(kConstants), std::end(kConstants), token.text) != std::end(kConstants))
            m_cursor.fail(token.offset, "cannot assign to the constant '" + token.text + "'");
        target.names.push_back(m_cursor.take().text);
        if (!m_cursor.skip_operator(","))
            break;
        target.unpack = true;
        if (parenthesized ? m_cursor.at_operator(")") : at_tuple_end(extra_end))
            break;
    }
    if (parenthesized)
        m_cursor.expect_operator(")");
    return target;
}

} // namespace hearth::jinja
