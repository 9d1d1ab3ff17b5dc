#pragma once

#include <memory>

#include "engine/text/chat_template.h"
#include "engine/text/template/arguments.h"
#include "engine/text/template/budget.h"
#include "engine/text/template/scope.h"
#include "engine/text/template/value.h"

namespace hearth::jinja {

// The globals a chat template sees besides its context: jinja2's range,
// dict and namespace, and transformers' raise_exception and strftime_now.
void add_builtins(Scope& scope);

// Calls one of them. raise_exception fails with the template's own message.
Value call_builtin(
    const Callable& function, const CallArguments& arguments, Budget& budget, const TemplateClock& clock);

} // namespace hearth::jinja
