#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/text/chat_template.h"

namespace hearth::jinja {

// A runtime failure raised where the syntax tree is out of sight (a filter, a
// method, arithmetic). The interpreter adds the position of the expression
// that failed and turns it into a TemplateError.
class Failure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The line and column of a byte offset in `source`.
SourcePosition position_of(std::string_view source, std::size_t offset);

TemplateError error_at(std::string_view source, std::size_t offset, const std::string& reason);

} // namespace hearth::jinja
