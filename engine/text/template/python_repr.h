#pragma once

#include <string>

#include "engine/text/template/value.h"

namespace hearth::jinja {

// How Python writes values: str() is what {{ value }} prints, repr() is how a
// value appears inside a printed list or dict. Templates print tool arguments
// this way, so the output must match Python's byte for byte.

// repr(float): the shortest digits that read back the same, in fixed notation
// from 1e-4 up to 1e16 and in exponent notation outside ("1e+16", "1e-05").
std::string float_repr(double value);
void append_str(std::string& out, const Value& value);
void append_repr(std::string& out, const Value& value);
std::string to_str(const Value& value);
std::string to_repr(const Value& value);
// repr() of a string: quoted, with Python's escapes.
void append_string_repr(std::string& out, const std::string& text);

} // namespace hearth::jinja
