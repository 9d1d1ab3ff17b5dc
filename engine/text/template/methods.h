#pragma once

#include <string_view>

#include "engine/text/template/arguments.h"
#include "engine/text/template/budget.h"
#include "engine/text/template/value.h"

namespace hearth::jinja {

// Calls a Python method on a string, dict, list or tuple: 'a'.strip(),
// message.get('content'), d.items(). Methods that would change a list or dict
// fail, as in jinja2's immutable sandbox.
Value call_method(Budget& budget, const Value& receiver, std::string_view name, const CallArguments& arguments);

} // namespace hearth::jinja
