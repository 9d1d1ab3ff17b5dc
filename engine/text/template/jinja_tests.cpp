#include "engine/text/template/jinja_tests.h"

#include <algorithm>

#include "engine/text/template/arithmetic.h"
#include "engine/text/template/failure.h"
#include "engine/text/template/filters.h"
#include "engine/text/template/python_repr.h"
#include "engine/text/template/python_semantics.h"
#include "engine/text/template/unicode.h"

// jinja2's tests (`x is defined`), with Python's notion of each type: bool is
// a number, a dict is a sequence, and undefined is iterable.
namespace hearth::jinja {

namespace {

const Value& only_argument(std::string_view name, const CallArguments& arguments)
{
    const auto args = bind_arguments("test '" + std::string(name) + "'", arguments, { "other" });
    if (!args[0])
        throw Failure("test '" + std::string(name) + "' needs a value to compare with");
    return arguments.positional.empty() ? arguments.keyword.front().second : arguments.positional.front();
}

void no_arguments(std::string_view name, const CallArguments& arguments)
{
    bind_arguments("test '" + std::string(name) + "'", arguments, {});
}

bool remainder_is(Budget& budget, const Value& value, const Value& divisor, std::int64_t expected)
{
    return python_equal(arithmetic(ast::BinaryOperator::Modulo, value, divisor, budget), Value::integer(expected));
}

// A test of the value alone, without arguments.
template <bool (*Holds)(const Value&)> bool value_test(Budget&, const Value& value, const CallArguments& arguments)
{
    bind_arguments("this test", arguments, {});
    return Holds(value);
}

bool is_defined(const Value& value)
{
    return !value.is_undefined();
}
bool is_undefined(const Value& value)
{
    return value.is_undefined();
}
bool is_none(const Value& value)
{
    return value.is_none();
}
bool is_boolean(const Value& value)
{
    return value.kind() == Value::Kind::Boolean;
}
bool is_true(const Value& value)
{
    return is_boolean(value) && value.boolean_value();
}
bool is_false(const Value& value)
{
    return is_boolean(value) && !value.boolean_value();
}
bool is_integer(const Value& value)
{
    return value.kind() == Value::Kind::Integer;
}
bool is_float(const Value& value)
{
    return value.kind() == Value::Kind::Float;
}
bool is_number(const Value& value)
{
    return value.is_number();
}
bool is_string(const Value& value)
{
    return value.is_string();
}
bool is_mapping(const Value& value)
{
    return value.is_dict();
}
bool is_escaped(const Value& value)
{
    return value.is_markup();
}

// Undefined has __len__, __getitem__, __iter__ and __call__ in jinja2; a
// generator or a dict view has no __getitem__.
bool is_sequence(const Value& value)
{
    const SequenceView view = value.sequence_view();
    return value.is_string() || value.is_dict() || value.is_undefined()
        || (value.is_sequence() && (view == SequenceView::None || view == SequenceView::Range));
}

bool is_iterable(const Value& value)
{
    return value.is_string() || value.is_sequence() || value.is_dict() || value.is_undefined();
}

bool is_callable(const Value& value)
{
    return value.kind() == Value::Kind::Callable || value.is_undefined();
}

// str.islower(): some cased character and none in upper case (and isupper the other way).
bool is_lower(const Value& value)
{
    const std::string text = to_str(value);
    return text == lower(text) && text != upper(text);
}

bool is_upper(const Value& value)
{
    const std::string text = to_str(value);
    return text == upper(text) && text != lower(text);
}

bool test_odd(Budget& budget, const Value& value, const CallArguments& arguments)
{
    no_arguments("odd", arguments);
    return remainder_is(budget, value, Value::integer(2), 1);
}

bool test_even(Budget& budget, const Value& value, const CallArguments& arguments)
{
    no_arguments("even", arguments);
    return remainder_is(budget, value, Value::integer(2), 0);
}

bool test_divisibleby(Budget& budget, const Value& value, const CallArguments& arguments)
{
    return remainder_is(budget, value, only_argument("divisibleby", arguments), 0);
}

// The argument of a comparing test, with the comparison charged.
const Value& compared(Budget& budget, std::string_view name, const Value& value, const CallArguments& arguments)
{
    const Value& other = only_argument(name, arguments);
    budget.charge(value.weight() + other.weight());
    return other;
}

bool test_equal(Budget& budget, const Value& value, const CallArguments& arguments)
{
    return python_equal(value, compared(budget, "eq", value, arguments));
}

bool test_not_equal(Budget& budget, const Value& value, const CallArguments& arguments)
{
    return !python_equal(value, compared(budget, "ne", value, arguments));
}

bool test_less(Budget& budget, const Value& value, const CallArguments& arguments)
{
    return python_less(value, compared(budget, "lt", value, arguments), "<");
}

bool test_less_equal(Budget& budget, const Value& value, const CallArguments& arguments)
{
    return !python_less(compared(budget, "le", value, arguments), value, "<=");
}

bool test_greater(Budget& budget, const Value& value, const CallArguments& arguments)
{
    return python_less(compared(budget, "gt", value, arguments), value, ">");
}

bool test_greater_equal(Budget& budget, const Value& value, const CallArguments& arguments)
{
    return !python_less(value, compared(budget, "ge", value, arguments), ">=");
}

bool test_in(Budget& budget, const Value& value, const CallArguments& arguments)
{
    return contains(compared(budget, "in", value, arguments), value);
}

// Python's `is`: the same object. Scalars compare by value, as CPython's
// shared small ints, None, True and False mostly do.
bool test_sameas(Budget& budget, const Value& value, const CallArguments& arguments)
{
    const Value& other = compared(budget, "sameas", value, arguments);
    if (value.kind() != other.kind())
        return false;
    switch (value.kind()) {
    case Value::Kind::None:
    case Value::Kind::Boolean:
    case Value::Kind::Integer:
        return python_equal(value, other);
    default:
        return value.same_object(other);
    }
}

bool test_filter(Budget&, const Value& value, const CallArguments& arguments)
{
    no_arguments("filter", arguments);
    return value.is_string() && find_filter(value.string_value()) != nullptr;
}

bool test_test(Budget&, const Value& value, const CallArguments& arguments)
{
    no_arguments("test", arguments);
    return value.is_string() && find_test(value.string_value()) != nullptr;
}

struct NamedTest {
    std::string_view name;
    TestFunction function;
};

constexpr NamedTest kTests[] = {
    { "boolean", value_test<is_boolean> },
    { "callable", value_test<is_callable> },
    { "defined", value_test<is_defined> },
    { "divisibleby", test_divisibleby },
    { "eq", test_equal },
    { "equalto", test_equal },
    { "escaped", value_test<is_escaped> },
    { "even", test_even },
    { "false", value_test<is_false> },
    { "filter", test_filter },
    { "float", value_test<is_float> },
    { "ge", test_greater_equal },
    { "greaterthan", test_greater },
    { "gt", test_greater },
    { "in", test_in },
    { "integer", value_test<is_integer> },
    { "iterable", value_test<is_iterable> },
    { "le", test_less_equal },
    { "lessthan", test_less },
    { "lower", value_test<is_lower> },
    { "lt", test_less },
    { "mapping", value_test<is_mapping> },
    { "ne", test_not_equal },
    { "none", value_test<is_none> },
    { "number", value_test<is_number> },
    { "odd", test_odd },
    { "sameas", test_sameas },
    { "sequence", value_test<is_sequence> },
    { "string", value_test<is_string> },
    { "test", test_test },
    { "true", value_test<is_true> },
    { "undefined", value_test<is_undefined> },
    { "upper", value_test<is_upper> },
};

} // namespace

TestFunction find_test(std::string_view name)
{
    for (const auto& test : kTests) {
        if (test.name == name)
            return test.function;
    }
    return nullptr;
}

std::string missing_test_reason(std::string_view name)
{
    return "unknown test '" + std::string(name) + "'";
}

} // namespace hearth::jinja
