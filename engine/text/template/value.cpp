#include "engine/text/template/value.h"

#include <algorithm>
#include <limits>

#include "engine/text/template/failure.h"
#include "engine/text/template/python_semantics.h"
#include "engine/text/template/unicode.h"

namespace hearth::jinja {

namespace {

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

} // namespace

Value Value::undefined(std::string hint)
{
    return { Kind::Undefined, std::move(hint) };
}
Value Value::none()
{
    return { Kind::None, std::monostate {} };
}
Value Value::boolean(bool b)
{
    return { Kind::Boolean, b };
}
Value Value::integer(std::int64_t i)
{
    return { Kind::Integer, i };
}
Value Value::floating(double d)
{
    return { Kind::Float, d };
}
Value Value::string(std::string s)
{
    return { Kind::String, std::move(s) };
}

Value Value::markup(std::string s)
{
    Value value { Kind::String, std::move(s) };
    value.m_markup = true;
    return value;
}
Value Value::list(std::vector<Value> items)
{
    return wrap_sequence(Kind::List, make_sequence(std::move(items)));
}
Value Value::tuple(std::vector<Value> items)
{
    return wrap_sequence(Kind::Tuple, make_sequence(std::move(items)));
}

Value Value::view(SequenceView view, std::vector<Value> items)
{
    auto data = make_sequence(std::move(items));
    data->view = view;
    return wrap_sequence(Kind::List, std::move(data));
}

Value Value::failed_generator(std::string reason)
{
    auto data = make_sequence({});
    data->view = SequenceView::Generator;
    data->deferred_failure = std::move(reason);
    return wrap_sequence(Kind::List, std::move(data));
}

Value Value::range(std::int64_t start, std::int64_t stop, std::int64_t step, std::vector<Value> items)
{
    auto data = make_sequence(std::move(items));
    data->view = SequenceView::Range;
    data->range_start = start;
    data->range_stop = stop;
    data->range_step = step;
    return wrap_sequence(Kind::List, std::move(data));
}

std::shared_ptr<Sequence> Value::make_sequence(std::vector<Value> items)
{
    auto data = std::make_shared<Sequence>();
    for (const auto& item : items) {
        data->weight = saturating_add(data->weight, item.weight());
        data->depth = std::max(data->depth, item.depth() + 1);
        data->holds_namespace = data->holds_namespace || item.holds_namespace();
    }
    if (data->depth > kMaxValueDepth)
        throw Failure("lists and dicts nest deeper than " + std::to_string(kMaxValueDepth) + " levels");
    data->items = std::move(items);
    return data;
}

Value Value::wrap_sequence(Kind kind, std::shared_ptr<Sequence> data)
{
    return { kind, std::shared_ptr<const Sequence>(std::move(data)) };
}

Value Value::dict(Dict dict)
{
    auto data = std::make_shared<Mapping>();
    for (const auto& [key, value] : dict.entries()) {
        data->weight = saturating_add(data->weight, saturating_add(key.weight(), value.weight()));
        data->depth = std::max(data->depth, value.depth() + 1);
        data->holds_namespace = data->holds_namespace || value.holds_namespace();
    }
    if (data->depth > kMaxValueDepth)
        throw Failure("lists and dicts nest deeper than " + std::to_string(kMaxValueDepth) + " levels");
    data->dict = std::move(dict);
    return { Kind::Dict, std::shared_ptr<const Mapping>(std::move(data)) };
}

Value Value::namespace_object(Dict attributes)
{
    for (const auto& [key, value] : attributes.entries()) {
        if (value.holds_namespace())
            throw Failure("a namespace cannot hold another namespace");
    }
    auto data = std::make_shared<Namespace>();
    data->attributes = std::move(attributes);
    return { Kind::Namespace, std::move(data) };
}

Value Value::callable(Callable callable)
{
    return { Kind::Callable, std::make_shared<const Callable>(std::move(callable)) };
}

namespace {

Value from_json_at(const nlohmann::ordered_json& json, std::uint32_t depth)
{
    if (depth > kMaxValueDepth)
        throw Failure("the context nests deeper than " + std::to_string(kMaxValueDepth) + " levels");
    switch (json.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
        return Value::none();
    case nlohmann::json::value_t::boolean:
        return Value::boolean(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
        return Value::integer(json.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
        const auto u = json.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            throw Failure("the context holds the integer " + std::to_string(u) + ", larger than 64-bit integers");
        return Value::integer(static_cast<std::int64_t>(u));
    }
    case nlohmann::json::value_t::number_float:
        return Value::floating(json.get<double>());
    case nlohmann::json::value_t::string: {
        const auto& s = json.get_ref<const std::string&>();
        if (const auto bad = find_invalid_utf8(s))
            throw Failure("a string in the context is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
        return Value::string(s);
    }
    case nlohmann::json::value_t::binary:
        throw Failure("the context holds binary data, which a template cannot use");
    case nlohmann::json::value_t::array: {
        std::vector<Value> items;
        items.reserve(json.size());
        for (const auto& item : json)
            items.push_back(from_json_at(item, depth + 1));
        return Value::list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
        Dict dict;
        for (const auto& [key, value] : json.items()) {
            if (const auto bad = find_invalid_utf8(key))
                throw Failure("a key in the context is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
            dict.append_new(Value::string(key), from_json_at(value, depth + 1));
        }
        return Value::dict(std::move(dict));
    }
    }
    return Value::none();
}

} // namespace

Value Value::from_json(const nlohmann::ordered_json& json)
{
    return from_json_at(json, 1);
}

std::int64_t Value::integer_value() const
{
    if (m_kind == Kind::Boolean)
        return std::get<bool>(m_data) ? 1 : 0;
    return std::get<std::int64_t>(m_data);
}

double Value::number_value() const
{
    if (m_kind == Kind::Float)
        return std::get<double>(m_data);
    return static_cast<double>(integer_value());
}

const std::vector<Value>& Value::items() const
{
    return sequence().items;
}

const Sequence& Value::sequence() const
{
    return *std::get<std::shared_ptr<const Sequence>>(m_data);
}

SequenceView Value::sequence_view() const
{
    return m_kind == Kind::List ? sequence().view : SequenceView::None;
}

std::shared_ptr<const std::vector<Value>> Value::shared_items() const
{
    const auto& data = std::get<std::shared_ptr<const Sequence>>(m_data);
    return { data, &data->items }; // aliasing: shares ownership of the list, no copy
}

const Dict& Value::dict_value() const
{
    return std::get<std::shared_ptr<const Mapping>>(m_data)->dict;
}

Namespace& Value::namespace_value() const
{
    return *std::get<std::shared_ptr<Namespace>>(m_data);
}

std::uint32_t Value::depth() const
{
    switch (m_kind) {
    case Kind::List:
    case Kind::Tuple:
        return std::get<std::shared_ptr<const Sequence>>(m_data)->depth;
    case Kind::Dict:
        return std::get<std::shared_ptr<const Mapping>>(m_data)->depth;
    case Kind::Namespace:
        return 1;
    default:
        return 0;
    }
}

std::uint64_t Value::weight() const
{
    switch (m_kind) {
    case Kind::String:
        return 1 + string_value().size() / 16;
    case Kind::List:
    case Kind::Tuple:
        return sequence().weight;
    case Kind::Dict:
        return std::get<std::shared_ptr<const Mapping>>(m_data)->weight;
    default:
        return 1;
    }
}

bool Value::holds_namespace() const
{
    switch (m_kind) {
    case Kind::List:
    case Kind::Tuple:
        return std::get<std::shared_ptr<const Sequence>>(m_data)->holds_namespace;
    case Kind::Dict:
        return std::get<std::shared_ptr<const Mapping>>(m_data)->holds_namespace;
    case Kind::Namespace:
        return true;
    default:
        return false;
    }
}

const Value* Dict::find(const Value& key) const
{
    if (key.is_string())
        return find(std::string_view(key.string_value()));
    for (const auto& [k, v] : m_entries) {
        if (python_equal(k, key))
            return &v;
    }
    return nullptr;
}

const Value* Dict::find(std::string_view key) const
{
    for (const auto& [k, v] : m_entries) {
        if (k.is_string() && k.string_value() == key)
            return &v;
    }
    return nullptr;
}

void Dict::set(Value key, Value value)
{
    require_hashable(key);
    for (auto& [k, v] : m_entries) {
        if (python_equal(k, key)) {
            v = std::move(value);
            return;
        }
    }
    m_entries.emplace_back(std::move(key), std::move(value));
}

} // namespace hearth::jinja
