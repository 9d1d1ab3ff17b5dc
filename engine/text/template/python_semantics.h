#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/text/template/budget.h"
#include "engine/text/template/value.h"

namespace hearth::jinja {

// Python's rules for the operations every part of the interpreter shares.
// Functions that Python would raise in throw Failure with Python's wording.

// 'int', 'str', 'NoneType'... as Python names the type in its messages.
std::string type_name(const Value& value);
// Whether the value is a lazy iterator in Python (a generator from map or
// select, a reversed list): always true, no len(), no indexing.
bool is_iterator(const Value& value);
bool truthy(const Value& value);
bool python_equal(const Value& a, const Value& b);
// a < b; `op` names the operator in the message when the types do not order.
bool python_less(const Value& a, const Value& b, std::string_view op = "<");
// The items a for loop visits: a list's items, a string's characters, a dict's
// keys; nothing for undefined. Items it has to make are charged to `budget`.
std::shared_ptr<const std::vector<Value>> iterate(const Value& value, Budget& budget);
std::size_t python_len(const Value& value);
// `item in container`.
bool contains(const Value& container, const Value& item);

// Fails as Python does for a dict key or set item that cannot be hashed: a
// list, a dict, their views, or a tuple holding one.
void require_hashable(const Value& key);

// jinja2's UndefinedError for using an undefined value: "'x' is undefined".
[[noreturn]] void fail_undefined(const Value& value);

} // namespace hearth::jinja
