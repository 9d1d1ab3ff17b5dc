#pragma once

#include "engine/text/template/ast.h"
#include "engine/text/template/budget.h"
#include "engine/text/template/value.h"

namespace hearth::jinja {

// Python's arithmetic: int and float mix as in Python (/ always gives a float,
// // and % floor), + joins strings and lists, * repeats them, % formats a
// string. Integers are 64-bit: where Python would grow one past that, this
// fails rather than wrap.
Value arithmetic(ast::BinaryOperator op, const Value& left, const Value& right, Budget& budget);
Value negate(const Value& operand);
Value unary_plus(const Value& operand);

} // namespace hearth::jinja
