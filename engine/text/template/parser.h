#pragma once

#include <memory>
#include <string_view>

#include "engine/text/template/ast.h"

namespace hearth::jinja {

// Parses a template's source as jinja2 does with transformers' settings.
// Throws TemplateError for syntax errors and unsupported constructs.
std::unique_ptr<Program> parse_program(std::string_view source);

} // namespace hearth::jinja
