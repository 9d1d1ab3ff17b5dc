#pragma once

#include <string>
#include <string_view>

#include "engine/text/template/arguments.h"
#include "engine/text/template/budget.h"
#include "engine/text/template/value.h"

namespace hearth::jinja {

// A test: `input is name(arguments)`.
using TestFunction = bool (*)(Budget& budget, const Value& input, const CallArguments& arguments);

// jinja2's test named `name`, or nullptr when there is none or this
// interpreter does not implement it.
TestFunction find_test(std::string_view name);
std::string missing_test_reason(std::string_view name);

} // namespace hearth::jinja
