#include <string>

#include "engine/text/template/access.h"
#include "engine/text/template/arithmetic.h"
#include "engine/text/template/builtins.h"
#include "engine/text/template/failure.h"
#include "engine/text/template/interpreter.h"
#include "engine/text/template/methods.h"
#include "engine/text/template/python_repr.h"
#include "engine/text/template/python_semantics.h"

// The expressions half of the interpreter.
namespace hearth::jinja {

Value Interpreter::evaluate(const ast::Expression& expression, Scope& scope)
{
    DepthGuard guard(*this, expression.offset);
    try {
        m_budget.charge(1);
        Value value = evaluate_node(expression, scope);
        if (value.is_string())
            m_budget.charge_text(value.string_value().size());
        return value;
    } catch (const Failure& failure) {
        // The innermost expression whose own operation failed names the position.
        fail_at(expression.offset, failure.what());
    }
}

Value Interpreter::evaluate_node(const ast::Expression& expression, Scope& scope)
{
    using ast::ExpressionKind;
    switch (expression.kind) {
    case ExpressionKind::Literal:
        return static_cast<const ast::Literal&>(expression).value;
    case ExpressionKind::List: {
        const auto& list = static_cast<const ast::ListLiteral&>(expression);
        std::vector<Value> items;
        items.reserve(list.items.size());
        for (const auto& item : list.items)
            items.push_back(evaluate(*item, scope));
        return list.tuple ? Value::tuple(std::move(items)) : Value::list(std::move(items));
    }
    case ExpressionKind::Dict: {
        Dict dict;
        for (const auto& [key, value] : static_cast<const ast::DictLiteral&>(expression).entries) {
            Value evaluated_key = evaluate(*key, scope);
            dict.set(std::move(evaluated_key), evaluate(*value, scope));
        }
        return Value::dict(std::move(dict));
    }
    case ExpressionKind::Name: {
        const auto& name = static_cast<const ast::Name&>(expression).name;
        if (const Value* value = scope.find(name))
            return *value;
        return Value::undefined("'" + name + "' is undefined");
    }
    case ExpressionKind::Attribute: {
        const auto& attribute = static_cast<const ast::Attribute&>(expression);
        return get_attribute(evaluate(*attribute.object, scope), attribute.name);
    }
    case ExpressionKind::Subscript:
        return evaluate_subscript(static_cast<const ast::Subscript&>(expression), scope);
    case ExpressionKind::Slice:
        throw Failure("a slice a:b is only allowed inside brackets");
    case ExpressionKind::Call:
        return evaluate_call(static_cast<const ast::Call&>(expression), scope);
    case ExpressionKind::Filter: {
        const auto& filter = static_cast<const ast::Filter&>(expression);
        const Value operand = evaluate(*filter.operand, scope);
        const CallArguments arguments = evaluate_arguments(filter.call.arguments, scope);
        if (!filter.call.function)
            throw Failure(missing_filter_reason(filter.call.name));
        return filter.call.function(m_budget, operand, arguments);
    }
    case ExpressionKind::Test: {
        const auto& test = static_cast<const ast::Test&>(expression);
        const Value operand = evaluate(*test.operand, scope);
        const CallArguments arguments = evaluate_arguments(test.arguments, scope);
        if (!test.function)
            throw Failure(missing_test_reason(test.name));
        return Value::boolean(test.function(m_budget, operand, arguments));
    }
    case ExpressionKind::Not:
        return Value::boolean(!truthy(evaluate(*static_cast<const ast::Unary&>(expression).operand, scope)));
    case ExpressionKind::Negate:
        return negate(evaluate(*static_cast<const ast::Unary&>(expression).operand, scope));
    case ExpressionKind::Plus:
        return unary_plus(evaluate(*static_cast<const ast::Unary&>(expression).operand, scope));
    case ExpressionKind::Binary: {
        const auto& binary = static_cast<const ast::Binary&>(expression);
        const Value left = evaluate(*binary.left, scope);
        const Value right = evaluate(*binary.right, scope);
        return arithmetic(binary.op, left, right, m_budget);
    }
    case ExpressionKind::And: {
        const auto& binary = static_cast<const ast::Binary&>(expression);
        Value left = evaluate(*binary.left, scope);
        return truthy(left) ? evaluate(*binary.right, scope) : left;
    }
    case ExpressionKind::Or: {
        const auto& binary = static_cast<const ast::Binary&>(expression);
        Value left = evaluate(*binary.left, scope);
        return truthy(left) ? left : evaluate(*binary.right, scope);
    }
    case ExpressionKind::Concat: {
        std::string text;
        for (const auto& part : static_cast<const ast::Concat&>(expression).parts) {
            append_str(text, evaluate(*part, scope));
            m_budget.check_size(text.size());
        }
        return Value::string(std::move(text));
    }
    case ExpressionKind::Compare:
        return evaluate_compare(static_cast<const ast::Compare&>(expression), scope);
    case ExpressionKind::Conditional: {
        const auto& conditional = static_cast<const ast::Conditional&>(expression);
        if (truthy(evaluate(*conditional.condition, scope)))
            return evaluate(*conditional.then, scope);
        if (conditional.otherwise)
            return evaluate(*conditional.otherwise, scope);
        return Value::undefined("the inline if-expression evaluated to false and has no else part");
    }
    }
    return Value::none();
}

Value Interpreter::evaluate_subscript(const ast::Subscript& subscript, Scope& scope)
{
    const Value object = evaluate(*subscript.object, scope);
    if (subscript.index->kind != ast::ExpressionKind::Slice)
        return get_item(object, evaluate(*subscript.index, scope));
    const auto& slice = static_cast<const ast::Slice&>(*subscript.index);
    const auto part = [&](const ast::ExpressionPtr& bound) { return bound ? evaluate(*bound, scope) : Value::none(); };
    const Value start = part(slice.start);
    const Value stop = part(slice.stop);
    const Value step = part(slice.step);
    return get_slice(object, start, stop, step);
}

Value Interpreter::evaluate_compare(const ast::Compare& compare, Scope& scope)
{
    using Op = ast::CompareOperator;
    Value left = evaluate(*compare.first, scope);
    for (const auto& [op, operand] : compare.rest) {
        Value right = evaluate(*operand, scope);
        m_budget.charge(left.weight() + right.weight()); // comparing walks both
        bool holds = false;
        switch (op) {
        case Op::Equal:
            holds = python_equal(left, right);
            break;
        case Op::NotEqual:
            holds = !python_equal(left, right);
            break;
        case Op::Less:
            holds = python_less(left, right, "<");
            break;
        case Op::LessEqual:
            holds = !python_less(right, left, "<=");
            break;
        case Op::Greater:
            holds = python_less(right, left, ">");
            break;
        case Op::GreaterEqual:
            holds = !python_less(left, right, ">=");
            break;
        case Op::In:
            holds = contains(right, left);
            break;
        case Op::NotIn:
            holds = !contains(right, left);
            break;
        }
        if (!holds) // a < b < c stops at the first comparison that fails, as in Python
            return Value::boolean(false);
        left = std::move(right);
    }
    return Value::boolean(true);
}

CallArguments Interpreter::evaluate_arguments(const ast::Arguments& arguments, Scope& scope)
{
    CallArguments evaluated;
    evaluated.positional.reserve(arguments.positional.size());
    for (const auto& argument : arguments.positional)
        evaluated.positional.push_back(evaluate(*argument, scope));
    for (const auto& [name, argument] : arguments.keyword)
        evaluated.keyword.emplace_back(name, evaluate(*argument, scope));
    return evaluated;
}

Value Interpreter::evaluate_call(const ast::Call& call, Scope& scope)
{
    if (call.callee->kind == ast::ExpressionKind::Attribute) {
        // 'text'.strip() calls the method directly instead of binding it first.
        const auto& attribute = static_cast<const ast::Attribute&>(*call.callee);
        const Value receiver = evaluate(*attribute.object, scope);
        if (is_method_name(receiver, attribute.name))
            return call_method(m_budget, receiver, attribute.name, evaluate_arguments(call.arguments, scope));
        const Value callee = get_attribute(receiver, attribute.name);
        return this->call(callee, evaluate_arguments(call.arguments, scope));
    }
    const Value callee = evaluate(*call.callee, scope);
    return this->call(callee, evaluate_arguments(call.arguments, scope));
}

Value Interpreter::call(const Value& callee, const CallArguments& arguments)
{
    if (callee.is_undefined())
        fail_undefined(callee);
    if (callee.kind() != Value::Kind::Callable)
        throw Failure("'" + type_name(callee) + "' object is not callable");
    const Callable& callable = callee.callable_value();
    switch (callable.kind) {
    case Callable::Kind::Builtin:
        return call_builtin(callable, arguments, m_budget, m_clock);
    case Callable::Kind::Macro:
        return call_macro(callable, arguments);
    case Callable::Kind::Method:
        return call_method(m_budget, callable.receiver, callable.name, arguments);
    }
    return Value::none();
}

} // namespace hearth::jinja
