#include "engine/text/template/python_repr.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/text/template/unicode.h"

namespace hearth::jinja {

std::string float_repr(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const std::string_view scientific(buffer, static_cast<std::size_t>(result.ptr - buffer));
    // "-1.2345e+17": sign, significant digits, decimal exponent.
    const bool negative = scientific.front() == '-';
    const std::size_t e = scientific.find('e');
    std::string digits;
    for (const char c : scientific.substr(negative ? 1 : 0, e - (negative ? 1 : 0))) {
        if (c != '.')
            digits += c;
    }
    const int exponent = std::atoi(std::string(scientific.substr(e + 1)).c_str());
    const int point = exponent + 1; // digits before the decimal point
    const int count = static_cast<int>(digits.size());

    std::string out = negative ? "-" : "";
    if (point > -4 && point <= 16) {
        if (point <= 0) {
            out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
        } else if (point >= count) {
            out += digits + std::string(static_cast<std::size_t>(point - count), '0') + ".0";
        } else {
            out += digits.substr(0, static_cast<std::size_t>(point)) + "."
                + digits.substr(static_cast<std::size_t>(point));
        }
        return out;
    }
    out += digits.substr(0, 1);
    if (count > 1)
        out += "." + digits.substr(1);
    char exponent_text[16];
    std::snprintf(exponent_text, sizeof exponent_text, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exponent_text;
}

void append_string_repr(std::string& out, const std::string& text)
{
    const bool has_single = text.find('\'') != std::string::npos;
    const bool has_double = text.find('"') != std::string::npos;
    const char quote = has_single && !has_double ? '"' : '\'';
    out += quote;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const char32_t c = decode_utf8(text, i);
        if (c == static_cast<char32_t>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (is_python_printable(c)) {
            out.append(text, start, i - start);
        } else {
            char escape[16];
            if (c <= 0xFF)
                std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(c));
            else if (c <= 0xFFFF)
                std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
            else
                std::snprintf(escape, sizeof escape, "\\U%08x", static_cast<unsigned>(c));
            out += escape;
        }
    }
    out += quote;
}

namespace {

void append_items(std::string& out, const std::vector<Value>& items)
{
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i)
            out += ", ";
        append_repr(out, items[i]);
    }
}

void append_dict(std::string& out, const Dict& dict)
{
    out += '{';
    bool first = true;
    for (const auto& [key, value] : dict.entries()) {
        if (!first)
            out += ", ";
        first = false;
        append_repr(out, key);
        out += ": ";
        append_repr(out, value);
    }
    out += '}';
}

// A list, or the Python object a view stands for. Generators print their
// address in Python, which no one can match; the rest print their items.
void append_list(std::string& out, const Value& value)
{
    const auto& sequence = value.sequence();
    const auto bracketed = [&](std::string_view name) {
        out += name;
        out += "([";
        append_items(out, sequence.items);
        out += "])";
    };
    switch (sequence.view) {
    case SequenceView::None:
        out += '[';
        append_items(out, sequence.items);
        out += ']';
        return;
    case SequenceView::Generator:
        out += "<generator object>";
        return;
    case SequenceView::ReverseIterator:
        out += "<list_reverseiterator object>";
        return;
    case SequenceView::DictItems:
        return bracketed("dict_items");
    case SequenceView::DictKeys:
        return bracketed("dict_keys");
    case SequenceView::DictValues:
        return bracketed("dict_values");
    case SequenceView::Range:
        out += "range(" + std::to_string(sequence.range_start) + ", " + std::to_string(sequence.range_stop);
        if (sequence.range_step != 1)
            out += ", " + std::to_string(sequence.range_step);
        out += ')';
        return;
    }
}

} // namespace

void append_str(std::string& out, const Value& value)
{
    switch (value.kind()) {
    case Value::Kind::Undefined:
        return;
    case Value::Kind::None:
        out += "None";
        return;
    case Value::Kind::Boolean:
        out += value.boolean_value() ? "True" : "False";
        return;
    case Value::Kind::Integer:
        out += std::to_string(value.integer_value());
        return;
    case Value::Kind::Float:
        out += float_repr(value.number_value());
        return;
    case Value::Kind::String:
        out += value.string_value();
        return;
    case Value::Kind::List:
        append_list(out, value);
        return;
    case Value::Kind::Tuple:
        out += '(';
        append_items(out, value.items());
        out += value.items().size() == 1 ? ",)" : ")";
        return;
    case Value::Kind::Dict:
        append_dict(out, value.dict_value());
        return;
    case Value::Kind::Namespace:
        out += "<Namespace ";
        append_dict(out, value.namespace_value().attributes);
        out += '>';
        return;
    case Value::Kind::Callable: {
        const auto& callable = value.callable_value();
        if (callable.kind == Callable::Kind::Macro)
            out += "<Macro '" + callable.name + "'>";
        else if (callable.kind == Callable::Kind::Method)
            out += "<built-in method " + callable.name + ">";
        else
            out += "<function " + callable.name + ">";
        return;
    }
    }
}

void append_repr(std::string& out, const Value& value)
{
    if (value.is_markup()) {
        out += "Markup(";
        append_string_repr(out, value.string_value());
        out += ')';
    } else if (value.is_string())
        append_string_repr(out, value.string_value());
    else if (value.is_undefined())
        out += "Undefined";
    else
        append_str(out, value);
}

std::string to_str(const Value& value)
{
    if (value.is_string())
        return value.string_value();
    std::string out;
    append_str(out, value);
    return out;
}

std::string to_repr(const Value& value)
{
    std::string out;
    append_repr(out, value);
    return out;
}

} // namespace hearth::jinja
