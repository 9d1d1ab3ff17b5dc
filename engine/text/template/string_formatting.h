#pragma once

#include <string>
#include <string_view>

#include "engine/text/template/arguments.h"
#include "engine/text/template/budget.h"
#include "engine/text/template/value.h"

namespace hearth::jinja {

// Python's `format % args` (also the format filter): %s %r %d %i %f %x %%,
// with flags, width, precision and %(name)s for a dict.
std::string percent_format(std::string_view format, const Value& args, Budget& budget);

// Python's str.format(): {} {0} {name}, !s and !r, and the format spec forms
// [[fill]align][width][.precision][s|d|f].
std::string format_method(std::string_view format, const CallArguments& arguments, Budget& budget);

} // namespace hearth::jinja
