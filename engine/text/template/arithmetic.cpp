#include "engine/text/template/arithmetic.h"

#include <cmath>
#include <limits>
#include <string>

#include "engine/text/template/failure.h"
#include "engine/text/template/python_semantics.h"
#include "engine/text/template/python_string.h"
#include "engine/text/template/string_formatting.h"

namespace hearth::jinja {

namespace {

constexpr std::string_view kOverflow
    = "integer overflow: Python's integers have no limit, this interpreter's have 64 bits";

std::string_view symbol(ast::BinaryOperator op)
{
    switch (op) {
    case ast::BinaryOperator::Add:
        return "+";
    case ast::BinaryOperator::Subtract:
        return "-";
    case ast::BinaryOperator::Multiply:
        return "*";
    case ast::BinaryOperator::Divide:
        return "/";
    case ast::BinaryOperator::FloorDivide:
        return "//";
    case ast::BinaryOperator::Modulo:
        return "%";
    case ast::BinaryOperator::Power:
        return "**";
    }
    return "?";
}

[[noreturn]] void unsupported(ast::BinaryOperator op, const Value& left, const Value& right)
{
    throw Failure("unsupported operand type(s) for " + std::string(symbol(op)) + ": '" + type_name(left) + "' and '"
        + type_name(right) + "'");
}

// Markup + text escapes the text, and text + Markup too (Markup.__radd__).
Value concatenate_markup(const Value& left, const Value& right, Budget& budget)
{
    if (!left.is_string() || !right.is_string())
        throw Failure("unsupported operand type(s) for +: '" + type_name(left) + "' and '" + type_name(right) + "'");
    const std::string& a = left.string_value();
    const std::string& b = right.string_value();
    std::string joined = (left.is_markup() ? a : html_escape(a)) + (right.is_markup() ? b : html_escape(b));
    budget.check_size(joined.size());
    return Value::markup(std::move(joined));
}

Value concatenate(const Value& left, const Value& right, Budget& budget)
{
    if (left.is_markup() || right.is_markup())
        return concatenate_markup(left, right, budget);
    if (left.is_string()) {
        if (!right.is_string())
            throw Failure("can only concatenate str (not \"" + type_name(right) + "\") to str");
        budget.check_size(left.string_value().size() + right.string_value().size());
        return Value::string(left.string_value() + right.string_value());
    }
    if (left.sequence_view() != SequenceView::None)
        throw Failure("unsupported operand type(s) for +: '" + type_name(left) + "' and '" + type_name(right) + "'");
    if (right.kind() != left.kind() || right.sequence_view() != SequenceView::None)
        throw Failure(
            "can only concatenate " + type_name(left) + " (not \"" + type_name(right) + "\") to " + type_name(left));
    budget.charge_items(left.items().size() + right.items().size());
    std::vector<Value> items = left.items();
    items.insert(items.end(), right.items().begin(), right.items().end());
    return left.kind() == Value::Kind::Tuple ? Value::tuple(std::move(items)) : Value::list(std::move(items));
}

Value repeat(const Value& sequence, std::int64_t times, Budget& budget)
{
    if (sequence.sequence_view() != SequenceView::None)
        throw Failure("unsupported operand type(s) for *: '" + type_name(sequence) + "' and 'int'");
    if (sequence.is_string()) {
        const auto& s = sequence.string_value();
        if (times <= 0 || s.empty())
            return Value::string({});
        const bool too_big = static_cast<std::uint64_t>(times) > budget.max_bytes() / s.size();
        budget.check_size(
            too_big ? std::numeric_limits<std::size_t>::max() : s.size() * static_cast<std::size_t>(times));
        const std::size_t bytes = s.size() * static_cast<std::size_t>(times);
        budget.charge_text(bytes);
        std::string out;
        out.reserve(bytes);
        for (std::int64_t i = 0; i < times; ++i)
            out += s;
        return sequence.is_markup() ? Value::markup(std::move(out)) : Value::string(std::move(out));
    }
    const auto& items = sequence.items();
    std::vector<Value> out;
    if (times > 0 && !items.empty()) {
        const bool too_many = static_cast<std::uint64_t>(times) > (std::uint64_t { 1 } << 40) / items.size();
        budget.charge_items(
            too_many ? std::numeric_limits<std::uint64_t>::max() : items.size() * static_cast<std::uint64_t>(times));
        out.reserve(items.size() * static_cast<std::size_t>(times));
        for (std::int64_t i = 0; i < times; ++i)
            out.insert(out.end(), items.begin(), items.end());
    }
    return sequence.kind() == Value::Kind::Tuple ? Value::tuple(std::move(out)) : Value::list(std::move(out));
}

std::int64_t checked_power(std::int64_t base, std::int64_t exponent)
{
    std::int64_t result = 1;
    while (exponent > 0) {
        if (exponent & 1) {
            if (__builtin_mul_overflow(result, base, &result))
                throw Failure(std::string(kOverflow));
        }
        exponent >>= 1;
        if (exponent > 0 && __builtin_mul_overflow(base, base, &base))
            throw Failure(std::string(kOverflow));
    }
    return result;
}

double float_power(double base, double exponent)
{
    if (base == 0.0 && exponent < 0)
        throw Failure("0.0 cannot be raised to a negative power");
    if (base < 0 && std::floor(exponent) != exponent && std::isfinite(exponent))
        throw Failure("a negative number raised to a fractional power is a complex number, which templates cannot use");
    const double result = std::pow(base, exponent);
    if (std::isinf(result) && std::isfinite(base) && std::isfinite(exponent))
        throw Failure("numerical result out of range");
    return result;
}

// Python's float divmod: the remainder takes the sign of the divisor.
void float_divmod(double a, double b, double& floor_quotient, double& remainder)
{
    remainder = std::fmod(a, b);
    double quotient = (a - remainder) / b;
    if (remainder != 0.0) {
        if ((b < 0) != (remainder < 0)) {
            remainder += b;
            quotient -= 1.0;
        }
    } else {
        remainder = std::copysign(0.0, b);
    }
    if (quotient != 0.0) {
        floor_quotient = std::floor(quotient);
        if (quotient - floor_quotient > 0.5)
            floor_quotient += 1.0;
    } else {
        floor_quotient = std::copysign(0.0, a / b);
    }
}

Value integer_arithmetic(ast::BinaryOperator op, std::int64_t a, std::int64_t b)
{
    std::int64_t result = 0;
    switch (op) {
    case ast::BinaryOperator::Add:
        if (__builtin_add_overflow(a, b, &result))
            throw Failure(std::string(kOverflow));
        return Value::integer(result);
    case ast::BinaryOperator::Subtract:
        if (__builtin_sub_overflow(a, b, &result))
            throw Failure(std::string(kOverflow));
        return Value::integer(result);
    case ast::BinaryOperator::Multiply:
        if (__builtin_mul_overflow(a, b, &result))
            throw Failure(std::string(kOverflow));
        return Value::integer(result);
    case ast::BinaryOperator::Divide:
        if (b == 0)
            throw Failure("division by zero");
        return Value::floating(static_cast<double>(a) / static_cast<double>(b));
    case ast::BinaryOperator::FloorDivide:
    case ast::BinaryOperator::Modulo: {
        if (b == 0)
            throw Failure("integer division or modulo by zero");
        if (b == -1) { // a / -1 overflows for the smallest integer in C++
            if (op == ast::BinaryOperator::Modulo)
                return Value::integer(0);
            if (a == std::numeric_limits<std::int64_t>::min())
                throw Failure(std::string(kOverflow));
            return Value::integer(-a);
        }
        std::int64_t quotient = a / b;
        std::int64_t remainder = a % b;
        if (remainder != 0 && ((remainder < 0) != (b < 0))) {
            remainder += b;
            quotient -= 1;
        }
        return Value::integer(op == ast::BinaryOperator::Modulo ? remainder : quotient);
    }
    case ast::BinaryOperator::Power:
        if (b < 0)
            return Value::floating(float_power(static_cast<double>(a), static_cast<double>(b)));
        return Value::integer(checked_power(a, b));
    }
    return Value::none();
}

Value float_arithmetic(ast::BinaryOperator op, double a, double b)
{
    switch (op) {
    case ast::BinaryOperator::Add:
        return Value::floating(a + b);
    case ast::BinaryOperator::Subtract:
        return Value::floating(a - b);
    case ast::BinaryOperator::Multiply:
        return Value::floating(a * b);
    case ast::BinaryOperator::Divide:
        if (b == 0.0)
            throw Failure("float division by zero");
        return Value::floating(a / b);
    case ast::BinaryOperator::FloorDivide:
    case ast::BinaryOperator::Modulo: {
        if (b == 0.0)
            throw Failure(op == ast::BinaryOperator::Modulo ? "float modulo" : "float floor division by zero");
        double quotient = 0;
        double remainder = 0;
        float_divmod(a, b, quotient, remainder);
        return Value::floating(op == ast::BinaryOperator::Modulo ? remainder : quotient);
    }
    case ast::BinaryOperator::Power:
        return Value::floating(float_power(a, b));
    }
    return Value::none();
}

} // namespace

Value arithmetic(ast::BinaryOperator op, const Value& left, const Value& right, Budget& budget)
{
    if (left.is_undefined())
        fail_undefined(left);
    if (right.is_undefined())
        fail_undefined(right);
    if (left.is_number() && right.is_number()) {
        if (left.is_integral() && right.is_integral())
            return integer_arithmetic(op, left.integer_value(), right.integer_value());
        return float_arithmetic(op, left.number_value(), right.number_value());
    }
    const bool left_repeatable = left.is_string() || left.is_sequence();
    switch (op) {
    case ast::BinaryOperator::Add:
        if (left_repeatable || right.is_markup())
            return concatenate(left, right, budget);
        break;
    case ast::BinaryOperator::Multiply:
        if (left_repeatable && right.is_integral())
            return repeat(left, right.integer_value(), budget);
        if (left.is_integral() && (right.is_string() || right.is_sequence()))
            return repeat(right, left.integer_value(), budget);
        break;
    case ast::BinaryOperator::Modulo:
        if (left.is_string())
            return Value::string(percent_format(left.string_value(), right, budget));
        break;
    default:
        break;
    }
    unsupported(op, left, right);
}

Value negate(const Value& operand)
{
    if (operand.is_undefined())
        fail_undefined(operand);
    if (operand.is_integral()) {
        if (operand.integer_value() == std::numeric_limits<std::int64_t>::min())
            throw Failure(std::string(kOverflow));
        return Value::integer(-operand.integer_value());
    }
    if (operand.kind() == Value::Kind::Float)
        return Value::floating(-operand.number_value());
    throw Failure("bad operand type for unary -: '" + type_name(operand) + "'");
}

Value unary_plus(const Value& operand)
{
    if (operand.is_undefined())
        fail_undefined(operand);
    if (operand.is_integral())
        return Value::integer(operand.integer_value());
    if (operand.kind() == Value::Kind::Float)
        return operand;
    throw Failure("bad operand type for unary +: '" + type_name(operand) + "'");
}

} // namespace hearth::jinja
