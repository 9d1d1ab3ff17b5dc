#pragma once

#include <string_view>

#include "engine/text/template/arguments.h"
#include "engine/text/template/budget.h"
#include "engine/text/template/value.h"

namespace hearth::jinja {

// A filter: `input | name(arguments)`.
using FilterFunction = Value (*)(Budget& budget, const Value& input, const CallArguments& arguments);

// The filter jinja2 (with transformers' tojson) has under `name`, or nullptr
// when there is none or this interpreter does not implement it.
FilterFunction find_filter(std::string_view name);
// Why find_filter() found nothing, for the parser's error.
std::string missing_filter_reason(std::string_view name);

// Filters on collections, in collection_filters.cpp.
FilterFunction find_collection_filter(std::string_view name);

} // namespace hearth::jinja
