#include "engine/text/template/python_semantics.h"

#include "engine/text/template/failure.h"
#include "engine/text/template/python_string.h"
#include "engine/text/template/unicode.h"

namespace hearth::jinja {

std::string type_name(const Value& value)
{
    switch (value.kind()) {
    case Value::Kind::Undefined:
        return "Undefined";
    case Value::Kind::None:
        return "NoneType";
    case Value::Kind::Boolean:
        return "bool";
    case Value::Kind::Integer:
        return "int";
    case Value::Kind::Float:
        return "float";
    case Value::Kind::String:
        return value.is_markup() ? "Markup" : "str";
    case Value::Kind::List:
        switch (value.sequence_view()) {
        case SequenceView::None:
            return "list";
        case SequenceView::Generator:
            return "generator";
        case SequenceView::ReverseIterator:
            return "list_reverseiterator";
        case SequenceView::DictItems:
            return "dict_items";
        case SequenceView::DictKeys:
            return "dict_keys";
        case SequenceView::DictValues:
            return "dict_values";
        case SequenceView::Range:
            return "range";
        }
        return "list";
    case Value::Kind::Tuple:
        return "tuple";
    case Value::Kind::Dict:
        return "dict";
    case Value::Kind::Namespace:
        return "Namespace";
    case Value::Kind::Callable:
        switch (value.callable_value().kind) {
        case Callable::Kind::Macro:
            return "Macro";
        case Callable::Kind::Method:
            return "builtin_function_or_method";
        case Callable::Kind::Builtin:
            return "function";
        }
    }
    return "object";
}

bool is_iterator(const Value& value)
{
    const SequenceView view = value.sequence_view();
    return view == SequenceView::Generator || view == SequenceView::ReverseIterator;
}

bool truthy(const Value& value)
{
    switch (value.kind()) {
    case Value::Kind::Undefined:
    case Value::Kind::None:
        return false;
    case Value::Kind::Boolean:
        return value.boolean_value();
    case Value::Kind::Integer:
        return value.integer_value() != 0;
    case Value::Kind::Float:
        return value.number_value() != 0.0;
    case Value::Kind::String:
        return !value.string_value().empty();
    case Value::Kind::List:
    case Value::Kind::Tuple:
        return is_iterator(value) || !value.items().empty(); // a generator is an object, and objects are true
    case Value::Kind::Dict:
        return !value.dict_value().empty();
    case Value::Kind::Namespace:
    case Value::Kind::Callable:
        return true;
    }
    return false;
}

bool python_equal(const Value& a, const Value& b)
{
    if (a.is_number() && b.is_number()) {
        if (a.is_integral() && b.is_integral())
            return a.integer_value() == b.integer_value();
        return a.number_value() == b.number_value();
    }
    if (a.kind() != b.kind() || a.sequence_view() != b.sequence_view())
        return false;
    switch (a.sequence_view()) {
    case SequenceView::Generator:
    case SequenceView::ReverseIterator:
    case SequenceView::DictValues:
        return a.same_object(b); // these compare by identity in Python
    case SequenceView::DictKeys:
    case SequenceView::DictItems: // set-like: the same items in any order
        if (a.items().size() != b.items().size())
            return false;
        for (const auto& item : a.items()) {
            if (!contains(b, item))
                return false;
        }
        return true;
    default:
        break;
    }
    switch (a.kind()) {
    case Value::Kind::Undefined: // jinja2's Undefined equals any other Undefined
    case Value::Kind::None:
        return true;
    case Value::Kind::String:
        return a.string_value() == b.string_value();
    case Value::Kind::List:
    case Value::Kind::Tuple: {
        const auto& x = a.items();
        const auto& y = b.items();
        if (x.size() != y.size())
            return false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!python_equal(x[i], y[i]))
                return false;
        }
        return true;
    }
    case Value::Kind::Dict: { // order does not matter for dict equality
        const auto& x = a.dict_value();
        const auto& y = b.dict_value();
        if (x.size() != y.size())
            return false;
        for (const auto& [key, value] : x.entries()) {
            const Value* other = y.find(key);
            if (!other || !python_equal(value, *other))
                return false;
        }
        return true;
    }
    case Value::Kind::Namespace:
    case Value::Kind::Callable:
        return a.same_object(b);
    default:
        return false;
    }
}

bool python_less(const Value& a, const Value& b, std::string_view op)
{
    if (a.is_undefined())
        fail_undefined(a);
    if (b.is_undefined())
        fail_undefined(b);
    if (a.is_number() && b.is_number()) {
        if (a.is_integral() && b.is_integral())
            return a.integer_value() < b.integer_value();
        return a.number_value() < b.number_value();
    }
    if (a.is_string() && b.is_string())
        return a.string_value() < b.string_value(); // UTF-8 byte order is code point order
    if (a.kind() == b.kind() && a.is_sequence() && a.sequence_view() == SequenceView::None
        && b.sequence_view() == SequenceView::None) {
        const auto& x = a.items();
        const auto& y = b.items();
        for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (!python_equal(x[i], y[i]))
                return python_less(x[i], y[i], op);
        }
        return x.size() < y.size();
    }
    throw Failure("'" + std::string(op) + "' not supported between instances of '" + type_name(a) + "' and '"
        + type_name(b) + "'");
}

std::shared_ptr<const std::vector<Value>> iterate(const Value& value, Budget& budget)
{
    switch (value.kind()) {
    case Value::Kind::List:
        if (!value.sequence().deferred_failure.empty())
            throw Failure(value.sequence().deferred_failure);
        return value.shared_items();
    case Value::Kind::Tuple:
        return value.shared_items();
    case Value::Kind::Undefined:
        return std::make_shared<const std::vector<Value>>();
    case Value::Kind::String: {
        const auto& s = value.string_value();
        budget.charge_items(count_characters(s));
        std::vector<Value> characters;
        characters.reserve(s.size());
        for (std::size_t i = 0; i < s.size();) {
            const std::size_t start = i;
            decode_utf8(s, i);
            characters.push_back(Value::string(s.substr(start, i - start)));
        }
        return std::make_shared<const std::vector<Value>>(std::move(characters));
    }
    case Value::Kind::Dict: {
        budget.charge_items(value.dict_value().size());
        std::vector<Value> keys;
        keys.reserve(value.dict_value().size());
        for (const auto& [key, item] : value.dict_value().entries())
            keys.push_back(key);
        return std::make_shared<const std::vector<Value>>(std::move(keys));
    }
    default:
        throw Failure("'" + type_name(value) + "' object is not iterable");
    }
}

std::size_t python_len(const Value& value)
{
    switch (value.kind()) {
    case Value::Kind::Undefined:
        return 0;
    case Value::Kind::String:
        return count_characters(value.string_value());
    case Value::Kind::List:
    case Value::Kind::Tuple:
        if (is_iterator(value))
            break;
        return value.items().size();
    case Value::Kind::Dict:
        return value.dict_value().size();
    default:
        break;
    }
    throw Failure("object of type '" + type_name(value) + "' has no len()");
}

bool contains(const Value& container, const Value& item)
{
    switch (container.kind()) {
    case Value::Kind::Undefined:
        return false;
    case Value::Kind::String:
        if (!item.is_string())
            throw Failure("'in <string>' requires string as left operand, not " + type_name(item));
        return find_text(container.string_value(), item.string_value()) != std::string::npos;
    case Value::Kind::List:
    case Value::Kind::Tuple:
        if (!container.sequence().deferred_failure.empty())
            throw Failure(container.sequence().deferred_failure);
        for (const auto& element : container.items()) {
            if (python_equal(element, item))
                return true;
        }
        return false;
    case Value::Kind::Dict:
        require_hashable(item);
        return container.dict_value().find(item) != nullptr;
    default:
        throw Failure("argument of type '" + type_name(container) + "' is not iterable");
    }
}

void require_hashable(const Value& key)
{
    bool hashable = true;
    switch (key.kind()) {
    case Value::Kind::List: {
        const SequenceView view = key.sequence_view();
        hashable = view != SequenceView::None && view != SequenceView::DictKeys && view != SequenceView::DictItems;
        break;
    }
    case Value::Kind::Dict:
        hashable = false;
        break;
    case Value::Kind::Tuple:
        for (const auto& item : key.items())
            require_hashable(item);
        break;
    default:
        break;
    }
    if (!hashable)
        throw Failure("unhashable type: '" + type_name(key) + "'");
}

void fail_undefined(const Value& value)
{
    throw Failure(value.undefined_hint().empty() ? std::string("a value is undefined") : value.undefined_hint());
}

} // namespace hearth::jinja
