#include "engine/text/template/string_formatting.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "engine/text/template/failure.h"
#include "engine/text/template/python_repr.h"
#include "engine/text/template/python_semantics.h"
#include "engine/text/template/unicode.h"

namespace hearth::jinja {

namespace {

// One conversion's layout: %-08.3f or {:>8.3f}.
struct Spec {
    char fill = ' ';
    char align = 0; // '<', '>', '^', or 0 for the type's default
    bool zero = false;
    bool plus = false;
    bool space = false;
    std::size_t width = 0;
    std::optional<int> precision;
    char type = 's';
};

std::string pad(std::string text, const Spec& spec, bool numeric)
{
    const std::size_t length = count_characters(text);
    if (length >= spec.width)
        return text;
    const std::size_t missing = spec.width - length;
    const char align = spec.align ? spec.align : numeric ? '>' : '<';
    if (spec.zero && numeric) {
        const std::size_t sign = !text.empty() && (text[0] == '-' || text[0] == '+' || text[0] == ' ') ? 1 : 0;
        return text.insert(sign, std::string(missing, '0'));
    }
    if (align == '<')
        return text + std::string(missing, spec.fill);
    if (align == '^')
        return std::string(missing / 2, spec.fill) + text + std::string(missing - missing / 2, spec.fill);
    return std::string(missing, spec.fill) + text;
}

std::string format_number(const Value& value, const Spec& spec)
{
    if (!value.is_number())
        throw Failure(std::string("%") + spec.type + " format: a real number is required, not " + type_name(value));
    std::string text;
    char buffer[512];
    switch (spec.type) {
    case 'd':
    case 'i': {
        const double number = value.number_value();
        const long long integer = value.is_integral() ? static_cast<long long>(value.integer_value())
                                                      : static_cast<long long>(std::trunc(number));
        text = std::to_string(integer);
        break;
    }
    case 'x':
    case 'X':
        if (!value.is_integral())
            throw Failure(std::string("%") + spec.type + " format: an integer is required, not " + type_name(value));
        std::snprintf(buffer, sizeof buffer, spec.type == 'x' ? "%llx" : "%llX",
            static_cast<unsigned long long>(std::llabs(value.integer_value())));
        text = (value.integer_value() < 0 ? "-" : "") + std::string(buffer);
        break;
    default: { // f, F, e, E, g, G
        const int precision = std::min(spec.precision.value_or(6), 100);
        const char format[] = { '%', '.', '*', spec.type, 0 };
        std::snprintf(buffer, sizeof buffer, format, precision, value.number_value());
        text = buffer;
    }
    }
    if (text[0] != '-' && (spec.plus || spec.space))
        text.insert(0, 1, spec.plus ? '+' : ' ');
    return pad(std::move(text), spec, true);
}

std::string convert(const Value& value, const Spec& spec)
{
    if (spec.type == 's' || spec.type == 'r') {
        std::string text = spec.type == 's' ? to_str(value) : to_repr(value);
        if (spec.precision) { // precision truncates text to that many characters
            std::size_t i = 0;
            for (int k = 0; k < *spec.precision && i < text.size(); ++k)
                decode_utf8(text, i);
            text.resize(i);
        }
        return pad(std::move(text), spec, false);
    }
    if (value.is_undefined())
        fail_undefined(value);
    return format_number(value, spec);
}

std::size_t read_number(std::string_view text, std::size_t& i)
{
    std::size_t number = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        number = std::min<std::size_t>(number * 10 + static_cast<std::size_t>(text[i] - '0'), 1u << 20);
        ++i;
    }
    return number;
}

} // namespace

std::string percent_format(std::string_view format, const Value& args, Budget& budget)
{
    std::vector<Value> positional;
    const bool mapping = args.is_dict();
    // Python treats any argument with __getitem__ (a list too) as a possible
    // mapping, and then does not complain about arguments left unused.
    const bool mapping_like = mapping
        || (args.kind() == Value::Kind::List
            && (args.sequence_view() == SequenceView::None || args.sequence_view() == SequenceView::Range));
    if (args.kind() == Value::Kind::Tuple)
        positional = args.items();
    else // a dict is also the one argument of a plain %s
        positional.push_back(args);
    std::size_t next = 0;
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            out += format[i];
            continue;
        }
        if (++i >= format.size())
            throw Failure("incomplete format");
        if (format[i] == '%') {
            out += '%';
            continue;
        }
        std::optional<Value> value;
        if (format[i] == '(') {
            const std::size_t close = format.find(')', i);
            if (close == std::string_view::npos)
                throw Failure("incomplete format key");
            if (!mapping)
                throw Failure("format requires a mapping");
            const Value* found = args.dict_value().find(format.substr(i + 1, close - i - 1));
            if (!found)
                throw Failure("format key '" + std::string(format.substr(i + 1, close - i - 1)) + "' is missing");
            value = *found;
            i = close + 1;
        }
        Spec spec;
        for (; i < format.size(); ++i) {
            const char flag = format[i];
            if (flag == '-')
                spec.align = '<';
            else if (flag == '0')
                spec.zero = true;
            else if (flag == '+')
                spec.plus = true;
            else if (flag == ' ')
                spec.space = true;
            else if (flag != '#')
                break;
        }
        spec.zero = spec.zero && spec.align != '<';
        spec.width = read_number(format, i);
        if (i < format.size() && format[i] == '.') {
            ++i;
            spec.precision = static_cast<int>(read_number(format, i));
        }
        if (i >= format.size())
            throw Failure("incomplete format");
        spec.type = format[i];
        if (std::string_view("srdifFeEgGxX").find(spec.type) == std::string_view::npos)
            throw Failure(std::string("unsupported format character '") + spec.type + "'");
        if (!value) {
            if (next >= positional.size())
                throw Failure("not enough arguments for format string");
            value = positional[next++];
        }
        out += convert(*value, spec);
        budget.check_size(out.size());
    }
    if (!mapping_like && next < positional.size())
        throw Failure("not all arguments converted during string formatting");
    budget.charge_text(out.size());
    return out;
}

std::string format_method(std::string_view format, const CallArguments& arguments, Budget& budget)
{
    std::string out;
    std::size_t automatic = 0;
    bool manual = false;
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if (c == '}') {
            if (i + 1 < format.size() && format[i + 1] == '}') {
                out += '}';
                ++i;
                continue;
            }
            throw Failure("Single '}' encountered in format string");
        }
        if (c != '{') {
            out += c;
            continue;
        }
        if (i + 1 < format.size() && format[i + 1] == '{') {
            out += '{';
            ++i;
            continue;
        }
        const std::size_t close = format.find('}', i);
        if (close == std::string_view::npos)
            throw Failure("Single '{' encountered in format string");
        std::string_view field = format.substr(i + 1, close - i - 1);
        i = close;
        std::string_view spec_text;
        if (const std::size_t colon = field.find(':'); colon != std::string_view::npos) {
            spec_text = field.substr(colon + 1);
            field = field.substr(0, colon);
        }
        char conversion = 0;
        if (const std::size_t bang = field.find('!'); bang != std::string_view::npos) {
            conversion = bang + 1 < field.size() ? field[bang + 1] : 0;
            field = field.substr(0, bang);
        }
        Value value;
        if (field.empty()) {
            if (manual)
                throw Failure("cannot switch from manual field specification to automatic field numbering");
            if (automatic >= arguments.positional.size())
                throw Failure(
                    "Replacement index " + std::to_string(automatic) + " out of range for positional args tuple");
            value = arguments.positional[automatic++];
        } else if (field[0] >= '0' && field[0] <= '9') {
            if (automatic > 0)
                throw Failure("cannot switch from automatic field numbering to manual field specification");
            manual = true;
            std::size_t k = 0;
            const std::size_t index = read_number(field, k);
            if (k != field.size())
                throw Failure("unsupported format field '" + std::string(field) + "'");
            if (index >= arguments.positional.size())
                throw Failure("Replacement index " + std::to_string(index) + " out of range for positional args tuple");
            value = arguments.positional[index];
        } else {
            const auto found = std::find_if(arguments.keyword.begin(), arguments.keyword.end(),
                [&](const auto& entry) { return entry.first == field; });
            if (found == arguments.keyword.end())
                throw Failure("format() has no argument named '" + std::string(field) + "'");
            value = found->second;
        }
        if (conversion == 'r')
            value = Value::string(to_repr(value));
        else if (conversion == 's')
            value = Value::string(to_str(value));
        else if (conversion)
            throw Failure(std::string("unsupported conversion '!") + conversion + "' in a format string");

        if (spec_text.empty()) { // format(x, '') is str(x)
            append_str(out, value);
            budget.check_size(out.size());
            continue;
        }
        Spec spec;
        std::size_t k = 0;
        if (spec_text.size() >= 2 && std::string_view("<>^").find(spec_text[1]) != std::string_view::npos) {
            spec.fill = spec_text[0];
            spec.align = spec_text[1];
            k = 2;
        } else if (std::string_view("<>^").find(spec_text[0]) != std::string_view::npos) {
            spec.align = spec_text[0];
            k = 1;
        }
        if (k < spec_text.size() && spec_text[k] == '0') {
            spec.zero = true;
            ++k;
        }
        spec.width = read_number(spec_text, k);
        if (k < spec_text.size() && spec_text[k] == '.') {
            ++k;
            spec.precision = static_cast<int>(read_number(spec_text, k));
        }
        const bool typed = k < spec_text.size();
        spec.type = typed ? spec_text[k++] : value.is_integral() ? 'd' : 's';
        if (k != spec_text.size() || std::string_view("sdf").find(spec.type) == std::string_view::npos)
            throw Failure("unsupported format spec '" + std::string(spec_text) + "'");
        if (spec.type == 's' && !value.is_string()) {
            if (typed || !value.is_number())
                throw Failure("unsupported format spec '" + std::string(spec_text) + "' for " + type_name(value));
            out += pad(float_repr(value.number_value()), spec, true); // a float with only a width
        } else {
            out += convert(value, spec);
        }
        budget.check_size(out.size());
    }
    budget.charge_text(out.size());
    return out;
}

} // namespace hearth::jinja
