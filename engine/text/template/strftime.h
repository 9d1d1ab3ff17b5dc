#pragma once

#include <string>
#include <string_view>

#include "engine/text/chat_template.h"

namespace hearth::jinja {

// transformers' strftime_now(format): datetime.now().strftime(format). Python
// formats through the C library in the "C" locale, whatever the
// application's locale, and a naive datetime has empty %z and %Z.
std::string format_time(std::string_view format, const TemplateClock& clock, std::size_t max_bytes);

} // namespace hearth::jinja
