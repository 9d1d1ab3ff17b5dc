#include "engine/text/template/filters.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "engine/text/template/access.h"
#include "engine/text/template/arithmetic.h"
#include "engine/text/template/failure.h"
#include "engine/text/template/json_dump.h"
#include "engine/text/template/python_repr.h"
#include "engine/text/template/python_semantics.h"
#include "engine/text/template/python_string.h"
#include "engine/text/template/string_formatting.h"
#include "engine/text/template/unicode.h"

// Filters on single values: text, numbers, tojson. Each takes its arguments
// under jinja2's parameter names, so keyword calls work as in jinja2.
namespace hearth::jinja {

namespace {

Value no_arguments(std::string_view name, const CallArguments& arguments)
{
    bind_arguments("filter '" + std::string(name) + "'", arguments, {});
    return {};
}

Value filter_upper(Budget&, const Value& input, const CallArguments& arguments)
{
    no_arguments("upper", arguments);
    return Value::string(upper(to_str(input)));
}

Value filter_lower(Budget&, const Value& input, const CallArguments& arguments)
{
    no_arguments("lower", arguments);
    return Value::string(lower(to_str(input)));
}

Value filter_capitalize(Budget&, const Value& input, const CallArguments& arguments)
{
    no_arguments("capitalize", arguments);
    return Value::string(capitalize(to_str(input)));
}

Value filter_title(Budget&, const Value& input, const CallArguments& arguments)
{
    no_arguments("title", arguments);
    return Value::string(jinja_title(to_str(input)));
}

Value filter_trim(Budget& budget, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'trim'", arguments, { "chars" });
    std::optional<std::string> chars;
    if (args[0] && !args[0]->is_none())
        chars = require_string(*args[0], "trim's chars");
    std::string text = to_str(input);
    // With `chars` each character costs a search of that set.
    budget.charge(chars ? text.size() / 2 + chars->size() / 16 : text.size() / 16);
    return Value::string(strip(text, chars, true, true));
}

Value filter_replace(Budget& budget, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'replace'", arguments, { "old", "new", "count" });
    if (!args[0] || !args[1])
        throw Failure("filter 'replace' needs the text to replace and its replacement");
    const std::int64_t count = args[2] && !args[2]->is_none() ? require_integer(*args[2], "replace's count") : -1;
    return Value::string(replace(to_str(input), to_str(*args[0]), to_str(*args[1]), count, budget));
}

Value filter_indent(Budget& budget, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'indent'", arguments, { "width", "first", "blank" });
    std::string indention = "    ";
    if (args[0]) {
        if (args[0]->is_string()) {
            indention = args[0]->string_value();
        } else {
            const std::int64_t width = require_integer(*args[0], "indent's width");
            budget.check_size(static_cast<std::size_t>(std::max<std::int64_t>(width, 0)));
            indention = std::string(static_cast<std::size_t>(std::max<std::int64_t>(width, 0)), ' ');
        }
    }
    const bool first = args[1] && truthy(*args[1]);
    const bool blank = args[2] && truthy(*args[2]);
    if (input.is_undefined())
        fail_undefined(input);
    if (!input.is_string()) // jinja2 appends "\n" to the value itself, which only text allows
        throw Failure("unsupported operand type(s) for +=: '" + type_name(input) + "' and 'str'");
    // jinja2 adds a newline first so that splitlines() keeps a trailing empty line.
    const auto lines = splitlines(input.string_value() + "\n", false, budget);
    std::string out;
    const auto append = [&](std::string_view piece) {
        budget.check_size(out.size() + piece.size());
        out += piece;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i)
            append("\n");
        if (i > 0 && (blank || !lines[i].empty()))
            append(indention);
        append(lines[i]);
    }
    if (first)
        out.insert(0, indention);
    budget.check_size(out.size());
    budget.charge_text(out.size());
    return Value::string(std::move(out));
}

Value filter_format(Budget& budget, const Value& input, const CallArguments& arguments)
{
    if (!arguments.positional.empty() && !arguments.keyword.empty())
        throw Failure("filter 'format' cannot take positional and keyword arguments at the same time");
    Value values;
    if (!arguments.keyword.empty()) {
        Dict dict;
        for (const auto& [name, value] : arguments.keyword)
            dict.set(Value::string(name), value);
        values = Value::dict(std::move(dict));
    } else {
        values = Value::tuple(arguments.positional);
    }
    return Value::string(percent_format(to_str(input), values, budget));
}

Value filter_string(Budget&, const Value& input, const CallArguments& arguments)
{
    no_arguments("string", arguments);
    return input.is_string() ? input : Value::string(to_str(input));
}

Value filter_safe(Budget&, const Value& input, const CallArguments& arguments)
{
    no_arguments("safe", arguments);
    return input.is_markup() ? input : Value::markup(to_str(input));
}

Value filter_escape(Budget&, const Value& input, const CallArguments& arguments)
{
    no_arguments("escape", arguments);
    return input.is_markup() ? input : Value::markup(html_escape(to_str(input)));
}

Value filter_forceescape(Budget&, const Value& input, const CallArguments& arguments)
{
    no_arguments("forceescape", arguments);
    return Value::markup(html_escape(to_str(input)));
}

// Python's int(text, base): surrounding whitespace, a sign, '_' between digits,
// and the base's prefix allowed.
std::optional<std::int64_t> parse_python_int(std::string_view text, int base)
{
    const std::string trimmed = strip(text, std::nullopt, true, true);
    std::string_view s = trimmed;
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.size() > 2 && s[0] == '0') {
        const char prefix = static_cast<char>(s[1] | 0x20);
        if ((prefix == 'x' && base == 16) || (prefix == 'o' && base == 8) || (prefix == 'b' && base == 2))
            s.remove_prefix(s[2] == '_' ? 3 : 2);
    }
    std::string digits;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_' && i > 0 && i + 1 < s.size() && s[i - 1] != '_')
            continue;
        digits += s[i];
    }
    if (digits.empty())
        return std::nullopt;
    std::uint64_t magnitude = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
    if (ec != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0))
        throw Failure("integer overflow: Python's integers have no limit, this interpreter's have 64 bits");
    return negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
}

// Python's float(text).
std::optional<double> parse_python_float(std::string_view text)
{
    const std::string trimmed = strip(text, std::nullopt, true, true);
    std::string_view s = trimmed;
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    std::string digits;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool between_digits = i > 0 && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i - 1]))
            && std::isdigit(static_cast<unsigned char>(s[i + 1]));
        if (s[i] == '_' && between_digits)
            continue;
        digits += s[i];
    }
    if (digits.empty() || digits[0] == '+' || digits[0] == '-')
        return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (end != digits.data() + digits.size())
        return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        const std::size_t e = digits.find_first_of("eE");
        value = e != std::string::npos && digits[e + 1] == '-' ? 0.0 : std::numeric_limits<double>::infinity();
    } else if (ec != std::errc()) {
        return std::nullopt;
    }
    return negative ? -value : value;
}

std::optional<std::int64_t> float_to_int(double value)
{
    if (!std::isfinite(value))
        return std::nullopt;
    const double truncated = std::trunc(value);
    if (truncated < -9.2233720368547758e18 || truncated >= 9.2233720368547758e18)
        throw Failure("integer overflow: Python's integers have no limit, this interpreter's have 64 bits");
    return static_cast<std::int64_t>(truncated);
}

Value filter_int(Budget&, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'int'", arguments, { "default", "base" });
    Value fallback = args[0].value_or(Value::integer(0));
    const int base = args[1] ? static_cast<int>(require_integer(*args[1], "int's base")) : 10;
    if (base < 2 || base > 36)
        throw Failure("int() base must be >= 2 and <= 36");
    switch (input.kind()) {
    case Value::Kind::Undefined:
        fail_undefined(input);
    case Value::Kind::Boolean:
    case Value::Kind::Integer:
        return Value::integer(input.integer_value());
    case Value::Kind::Float:
        if (const auto value = float_to_int(input.number_value()))
            return Value::integer(*value);
        return fallback;
    case Value::Kind::String: {
        if (const auto value = parse_python_int(input.string_value(), base))
            return Value::integer(*value);
        // jinja2's quirk: "42.23"|int is 42.
        if (const auto number = parse_python_float(input.string_value())) {
            if (const auto value = float_to_int(*number))
                return Value::integer(*value);
        }
        return fallback;
    }
    default:
        return fallback;
    }
}

Value filter_float(Budget&, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'float'", arguments, { "default" });
    Value fallback = args[0].value_or(Value::floating(0.0));
    if (input.is_undefined())
        fail_undefined(input);
    if (input.is_number())
        return Value::floating(input.number_value());
    if (input.is_string()) {
        if (const auto value = parse_python_float(input.string_value()))
            return Value::floating(*value);
    }
    return fallback;
}

Value filter_abs(Budget&, const Value& input, const CallArguments& arguments)
{
    no_arguments("abs", arguments);
    if (input.is_integral()) {
        if (input.integer_value() == std::numeric_limits<std::int64_t>::min())
            throw Failure("integer overflow: Python's integers have no limit, this interpreter's have 64 bits");
        return Value::integer(std::llabs(input.integer_value()));
    }
    if (input.kind() == Value::Kind::Float)
        return Value::floating(std::fabs(input.number_value()));
    throw Failure("bad operand type for abs(): '" + type_name(input) + "'");
}

// Python's round(x, n): halves to even, on the exact binary value.
double round_half_even(double value, std::int64_t precision)
{
    if (!std::isfinite(value))
        return value;
    if (precision == 0)
        return std::nearbyint(value);
    if (precision > 0) {
        char buffer[512];
        std::snprintf(buffer, sizeof buffer, "%.*f", static_cast<int>(std::min<std::int64_t>(precision, 300)), value);
        double rounded = value;
        std::from_chars(buffer, buffer + std::char_traits<char>::length(buffer), rounded);
        return rounded;
    }
    const double scale = std::pow(10.0, static_cast<double>(-precision));
    return std::nearbyint(value / scale) * scale;
}

Value filter_round(Budget&, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'round'", arguments, { "precision", "method" });
    const std::int64_t precision = args[0] ? require_integer(*args[0], "round's precision") : 0;
    const std::string method = args[1] ? require_string(*args[1], "round's method") : "common";
    if (method != "common" && method != "ceil" && method != "floor")
        throw Failure("method must be common, ceil or floor");
    if (input.is_undefined())
        throw Failure("type Undefined doesn't define __round__ method");
    if (!input.is_number())
        throw Failure("type " + type_name(input) + " doesn't define __round__ method");
    if (method == "common") {
        if (input.is_integral() && precision >= 0)
            return Value::integer(input.integer_value()); // round(int, n) stays an int
        return Value::floating(round_half_even(input.number_value(), precision));
    }
    const double scale = std::pow(10.0, static_cast<double>(precision));
    const double scaled = input.number_value() * scale;
    return Value::floating((method == "ceil" ? std::ceil(scaled) : std::floor(scaled)) / scale);
}

Value filter_default(Budget&, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'default'", arguments, { "default_value", "boolean" });
    const bool boolean = args[1] && truthy(*args[1]);
    if (input.is_undefined() || (boolean && !truthy(input)))
        return args[0].value_or(Value::string({}));
    return input;
}

// transformers' tojson: json.dumps(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False).
Value filter_tojson(Budget& budget, const Value& input, const CallArguments& arguments)
{
    const auto args
        = bind_arguments("filter 'tojson'", arguments, { "ensure_ascii", "indent", "separators", "sort_keys" });
    JsonStyle style;
    style.ensure_ascii = args[0] && truthy(*args[0]);
    style.sort_keys = args[3] && truthy(*args[3]);
    if (args[1] && !args[1]->is_none()) {
        if (args[1]->is_string()) {
            style.indent = args[1]->string_value();
        } else {
            const std::int64_t width = require_integer(*args[1], "tojson's indent");
            budget.check_size(static_cast<std::size_t>(std::max<std::int64_t>(width, 0)));
            style.indent = std::string(static_cast<std::size_t>(std::max<std::int64_t>(width, 0)), ' ');
        }
        style.item_separator = ",";
    }
    if (args[2] && !args[2]->is_none()) {
        const auto parts = iterate(*args[2], budget);
        if (parts->size() != 2)
            throw Failure("tojson's separators must be two strings: (item separator, key separator)");
        style.item_separator = require_string((*parts)[0], "tojson's item separator");
        style.key_separator = require_string((*parts)[1], "tojson's key separator");
    }
    return Value::string(json_dumps(input, style, budget));
}

// jinja2's attr: an attribute only, never a dict key.
Value filter_attr(Budget&, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'attr'", arguments, { "name" });
    if (!args[0])
        throw Failure("filter 'attr' needs the name of an attribute");
    const auto& name = require_string(*args[0], "attr's name");
    if (input.is_undefined())
        fail_undefined(input);
    if (is_method_name(input, name) || input.kind() == Value::Kind::Namespace)
        return get_attribute(input, name);
    return Value::undefined("'" + type_name(input) + " object' has no attribute '" + name + "'");
}

struct NamedFilter {
    std::string_view name;
    FilterFunction function;
};

constexpr NamedFilter kFilters[] = {
    { "abs", filter_abs },
    { "attr", filter_attr },
    { "capitalize", filter_capitalize },
    { "d", filter_default },
    { "default", filter_default },
    { "e", filter_escape },
    { "escape", filter_escape },
    { "float", filter_float },
    { "forceescape", filter_forceescape },
    { "format", filter_format },
    { "indent", filter_indent },
    { "int", filter_int },
    { "lower", filter_lower },
    { "replace", filter_replace },
    { "round", filter_round },
    { "safe", filter_safe },
    { "string", filter_string },
    { "title", filter_title },
    { "tojson", filter_tojson },
    { "trim", filter_trim },
    { "upper", filter_upper },
};

// jinja2's other built-in filters, which this interpreter does not implement.
constexpr std::string_view kUnsupported[] = { "batch", "center", "filesizeformat", "groupby", "pprint", "random",
    "slice", "striptags", "truncate", "urlencode", "urlize", "wordcount", "wordwrap", "xmlattr" };

} // namespace

FilterFunction find_filter(std::string_view name)
{
    for (const auto& filter : kFilters) {
        if (filter.name == name)
            return filter.function;
    }
    return find_collection_filter(name);
}

std::string missing_filter_reason(std::string_view name)
{
    if (std::find(std::begin(kUnsupported), std::end(kUnsupported), name) != std::end(kUnsupported))
        return "unsupported filter '" + std::string(name) + "'";
    return "unknown filter '" + std::string(name) + "'";
}

} // namespace hearth::jinja
