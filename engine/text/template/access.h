#pragma once

#include <optional>
#include <string_view>

#include "engine/text/template/value.h"

namespace hearth::jinja {

// jinja2's sandboxed attribute and item access. `a.b` on a dict finds a method
// of that name first (items, keys...), then the key; `a['b']` finds the key
// first. What is missing is undefined, except that using a part of an undefined
// value fails, as jinja2's UndefinedError does.
Value get_attribute(const Value& object, std::string_view name);
Value get_item(const Value& object, const Value& key);
// object[start:stop:step] on strings (by character), lists and tuples.
Value get_slice(const Value& object, const Value& start, const Value& stop, const Value& step);

// Whether `name` is a method of the receiver's Python type (str, dict, list),
// supported or not: jinja2 finds those before a dict's keys.
bool is_method_name(const Value& receiver, std::string_view name);

} // namespace hearth::jinja
