#pragma once

#include <optional>
#include <string>

#include "engine/text/template/budget.h"
#include "engine/text/template/value.h"

namespace hearth::jinja {

// json.dumps() options, as transformers' tojson filter passes them.
struct JsonStyle {
    std::optional<std::string> indent; // nullopt: everything on one line
    std::string item_separator = ", ";
    std::string key_separator = ": ";
    bool sort_keys = false;
    bool ensure_ascii = false;
};

// Python's json.dumps(value, ...): floats as repr(), NaN and Infinity as
// Python writes them, strings escaped exactly as json does (control
// characters, quotes and backslashes; '/' and, unless ensure_ascii, non-ASCII
// left alone). Throws Failure for values JSON cannot hold.
std::string json_dumps(const Value& value, const JsonStyle& style, Budget& budget);

} // namespace hearth::jinja
