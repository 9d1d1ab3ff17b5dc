#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/text/template/value.h"

namespace hearth::jinja {

// The evaluated arguments of a call: f(a, b, key=c).
struct CallArguments {
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> keyword;
};

// Matches arguments to parameter names as Python does: positional first, then
// by keyword. `what` names the callee in messages ("filter 'join'"). The
// result has one entry per parameter, empty where the call gave none.
std::vector<std::optional<Value>> bind_arguments(
    std::string_view what, const CallArguments& arguments, std::initializer_list<std::string_view> parameters);

// Argument checks with Python's wording.
const std::string& require_string(const Value& value, std::string_view what);
std::int64_t require_integer(const Value& value, std::string_view what);

} // namespace hearth::jinja
