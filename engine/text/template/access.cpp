#include "engine/text/template/access.h"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/text/template/failure.h"
#include "engine/text/template/python_repr.h"
#include "engine/text/template/python_semantics.h"
#include "engine/text/template/unicode.h"

namespace hearth::jinja {

namespace {

constexpr std::string_view kStringMethods[]
    = { "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format", "format_map",
          "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric",
          "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "maketrans", "partition",
          "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip",
          "split", "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill" };
constexpr std::string_view kDictMethods[]
    = { "clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values" };
constexpr std::string_view kListMethods[]
    = { "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort" };

template <std::size_t N> bool listed(const std::string_view (&names)[N], std::string_view name)
{
    return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

Value bound_method(const Value& receiver, std::string_view name)
{
    Callable method;
    method.kind = Callable::Kind::Method;
    method.name = std::string(name);
    method.receiver = receiver;
    return Value::callable(std::move(method));
}

// jinja2's wording: "'dict object' has no attribute 'x'".
std::string object_description(const Value& object)
{
    if (object.is_none())
        return "None";
    return type_name(object) + " object";
}

Value no_attribute(const Value& object, std::string_view name)
{
    return Value::undefined("'" + object_description(object) + "' has no attribute '" + std::string(name) + "'");
}

// Byte offsets where each character of `s` starts, plus the end.
std::vector<std::size_t> character_starts(std::string_view s)
{
    std::vector<std::size_t> starts;
    starts.reserve(s.size() + 1);
    for (std::size_t i = 0; i < s.size();) {
        starts.push_back(i);
        decode_utf8(s, i);
    }
    starts.push_back(s.size());
    return starts;
}

// Generators and dict views cannot be indexed; range() can.
bool subscriptable(const Value& object)
{
    const SequenceView view = object.sequence_view();
    return view == SequenceView::None || view == SequenceView::Range;
}

std::optional<std::int64_t> slice_bound(const Value& bound)
{
    if (bound.is_none() || bound.is_undefined())
        return std::nullopt;
    return bound.integer_value();
}

} // namespace

bool is_method_name(const Value& receiver, std::string_view name)
{
    if (receiver.sequence_view() == SequenceView::Range)
        return name == "count" || name == "index";
    if (receiver.sequence_view() != SequenceView::None)
        return false;
    switch (receiver.kind()) {
    case Value::Kind::String:
        return listed(kStringMethods, name);
    case Value::Kind::Dict:
        return listed(kDictMethods, name);
    case Value::Kind::List:
        return listed(kListMethods, name);
    case Value::Kind::Tuple:
        return name == "count" || name == "index";
    default:
        return false;
    }
}

Value get_attribute(const Value& object, std::string_view name)
{
    if (object.is_undefined())
        fail_undefined(object);
    if (is_method_name(object, name))
        return bound_method(object, name);
    if (object.is_dict()) {
        if (const Value* value = object.dict_value().find(name))
            return *value;
    } else if (object.kind() == Value::Kind::Namespace) {
        if (const Value* value = object.namespace_value().attributes.find(name))
            return *value;
    }
    return no_attribute(object, name);
}

Value get_item(const Value& object, const Value& key)
{
    if (object.is_undefined())
        fail_undefined(object);
    switch (object.kind()) {
    case Value::Kind::Dict:
        if (key.kind() == Value::Kind::List || key.kind() == Value::Kind::Dict)
            break;
        if (const Value* value = object.dict_value().find(key))
            return *value;
        break;
    case Value::Kind::List:
    case Value::Kind::Tuple:
    case Value::Kind::String: {
        if (!key.is_integral() || !subscriptable(object))
            break;
        const auto length = static_cast<std::int64_t>(python_len(object));
        std::int64_t index = key.integer_value();
        if (index < 0)
            index += length;
        if (index < 0 || index >= length)
            return Value::undefined(
                object_description(object) + " has no element " + std::to_string(key.integer_value()));
        if (!object.is_string())
            return object.items()[static_cast<std::size_t>(index)];
        const auto& s = object.string_value();
        if (is_ascii(s))
            return Value::string(s.substr(static_cast<std::size_t>(index), 1));
        const auto starts = character_starts(s);
        const auto at = static_cast<std::size_t>(index);
        return Value::string(s.substr(starts[at], starts[at + 1] - starts[at]));
    }
    default:
        break;
    }
    // jinja2 falls back to the attribute of that name, then to undefined.
    if (key.is_string())
        return get_attribute(object, key.string_value());
    return Value::undefined(object_description(object) + " has no element " + to_repr(key));
}

Value get_slice(const Value& object, const Value& start_value, const Value& stop_value, const Value& step_value)
{
    if (object.is_undefined())
        fail_undefined(object);
    for (const Value* bound : { &start_value, &stop_value, &step_value }) {
        if (!bound->is_none() && !bound->is_undefined() && !bound->is_integral())
            return Value::undefined("slice indices must be integers or None");
    }
    if (!object.is_string() && !(object.is_sequence() && subscriptable(object)))
        return Value::undefined("'" + object_description(object) + "' cannot be sliced");

    // Python's PySlice_AdjustIndices.
    const auto length = static_cast<std::int64_t>(python_len(object));
    const std::int64_t step = slice_bound(step_value).value_or(1);
    if (step == 0)
        throw Failure("slice step cannot be zero");
    const auto adjust = [&](std::optional<std::int64_t> bound, std::int64_t fallback) {
        if (!bound)
            return fallback;
        std::int64_t value = *bound;
        if (value < 0) {
            value += length;
            if (value < 0)
                value = step < 0 ? -1 : 0;
        } else if (value >= length) {
            value = step < 0 ? length - 1 : length;
        }
        return value;
    };
    const std::int64_t start = adjust(slice_bound(start_value), step < 0 ? length - 1 : 0);
    const std::int64_t stop = adjust(slice_bound(stop_value), step < 0 ? -1 : length);
    std::int64_t count = 0;
    if (step < 0 ? stop < start : start < stop)
        count = step < 0 ? (start - stop - 1) / -step + 1 : (stop - start - 1) / step + 1;

    if (object.is_string()) {
        const auto& s = object.string_value();
        if (step == 1 && is_ascii(s))
            return Value::string(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(count)));
        const auto starts = character_starts(s);
        std::string out;
        if (step == 1) {
            out = s.substr(starts[static_cast<std::size_t>(start)],
                starts[static_cast<std::size_t>(start + count)] - starts[static_cast<std::size_t>(start)]);
        } else {
            for (std::int64_t k = 0, i = start; k < count; ++k, i += step) {
                const auto at = static_cast<std::size_t>(i);
                out.append(s, starts[at], starts[at + 1] - starts[at]);
            }
        }
        return Value::string(std::move(out));
    }
    const auto& items = object.items();
    std::vector<Value> out;
    out.reserve(static_cast<std::size_t>(count));
    for (std::int64_t k = 0, i = start; k < count; ++k, i += step)
        out.push_back(items[static_cast<std::size_t>(i)]);
    return object.kind() == Value::Kind::Tuple ? Value::tuple(std::move(out)) : Value::list(std::move(out));
}

} // namespace hearth::jinja
