#include "engine/text/template/builtins.h"

#include "engine/text/template/failure.h"
#include "engine/text/template/python_repr.h"
#include "engine/text/template/python_semantics.h"
#include "engine/text/template/strftime.h"

namespace hearth::jinja {

namespace {

Value builtin(Builtin which, std::string name)
{
    Callable function;
    function.kind = Callable::Kind::Builtin;
    function.builtin = which;
    function.name = std::move(name);
    return Value::callable(std::move(function));
}

Value range(const CallArguments& arguments, Budget& budget)
{
    if (!arguments.keyword.empty())
        throw Failure("range() takes no keyword arguments");
    const auto& args = arguments.positional;
    if (args.empty() || args.size() > 3)
        throw Failure("range expected 1 to 3 arguments, got " + std::to_string(args.size()));
    std::int64_t start = 0;
    std::int64_t step = 1;
    std::int64_t stop = 0;
    if (args.size() == 1) {
        stop = require_integer(args[0], "range()'s argument");
    } else {
        start = require_integer(args[0], "range()'s start");
        stop = require_integer(args[1], "range()'s stop");
        if (args.size() == 3)
            step = require_integer(args[2], "range()'s step");
    }
    if (step == 0)
        throw Failure("range() arg 3 must not be zero");
    // Count with unsigned arithmetic: stop - start may not fit in 64 signed bits.
    std::uint64_t count = 0;
    if (step > 0 && start < stop)
        count = (static_cast<std::uint64_t>(stop) - static_cast<std::uint64_t>(start) - 1)
                / static_cast<std::uint64_t>(step)
            + 1;
    else if (step < 0 && start > stop)
        count = (static_cast<std::uint64_t>(start) - static_cast<std::uint64_t>(stop) - 1)
                / (0 - static_cast<std::uint64_t>(step))
            + 1;
    // jinja2's sandbox replaces range() with one that refuses more than this.
    constexpr std::uint64_t kMaxRange = 100'000;
    if (count > kMaxRange)
        throw Failure("Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
    budget.charge_items(count);
    std::vector<Value> items;
    items.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) // unsigned: wraps back into range instead of overflowing
        items.push_back(Value::integer(
            static_cast<std::int64_t>(static_cast<std::uint64_t>(start) + i * static_cast<std::uint64_t>(step))));
    return Value::range(start, stop, step, std::move(items));
}

Value namespace_object(const CallArguments& arguments)
{
    if (arguments.positional.size() > 1)
        throw Failure("namespace() takes at most one dict besides keyword arguments");
    Dict attributes;
    if (!arguments.positional.empty()) {
        const Value& initial = arguments.positional.front();
        if (!initial.is_dict())
            throw Failure("namespace()'s argument must be a dict, not '" + type_name(initial) + "'");
        for (const auto& [key, value] : initial.dict_value().entries())
            attributes.set(key, value);
    }
    for (const auto& [name, value] : arguments.keyword)
        attributes.set(Value::string(name), value);
    return Value::namespace_object(std::move(attributes));
}

Value dict(const CallArguments& arguments, Budget& budget)
{
    Dict entries;
    if (arguments.positional.size() > 1)
        throw Failure("dict expected at most 1 argument, got " + std::to_string(arguments.positional.size()));
    if (!arguments.positional.empty()) {
        const Value& initial = arguments.positional.front();
        if (initial.is_dict()) {
            for (const auto& [key, value] : initial.dict_value().entries())
                entries.set(key, value);
        } else {
            for (const auto& pair : *iterate(initial, budget)) {
                const auto items = iterate(pair, budget);
                if (items->size() != 2)
                    throw Failure("dictionary update sequence element has length " + std::to_string(items->size())
                        + "; 2 is required");
                entries.set((*items)[0], (*items)[1]);
            }
        }
    }
    for (const auto& [name, value] : arguments.keyword)
        entries.set(Value::string(name), value);
    return Value::dict(std::move(entries));
}

} // namespace

void add_builtins(Scope& scope)
{
    scope.set("range", builtin(Builtin::Range, "range"));
    scope.set("dict", builtin(Builtin::Dict, "dict"));
    scope.set("namespace", builtin(Builtin::Namespace, "namespace"));
    scope.set("raise_exception", builtin(Builtin::RaiseException, "raise_exception"));
    scope.set("strftime_now", builtin(Builtin::StrftimeNow, "strftime_now"));
}

Value call_builtin(const Callable& function, const CallArguments& arguments, Budget& budget, const TemplateClock& clock)
{
    switch (function.builtin) {
    case Builtin::Range:
        return range(arguments, budget);
    case Builtin::Dict:
        return dict(arguments, budget);
    case Builtin::Namespace:
        return namespace_object(arguments);
    case Builtin::RaiseException: {
        const auto args = bind_arguments("raise_exception()", arguments, { "message" });
        if (!args[0])
            throw Failure("raise_exception() missing 1 required positional argument: 'message'");
        throw Failure("the template raised an error: " + to_str(*args[0]));
    }
    case Builtin::LoopCycle: {
        if (arguments.positional.empty())
            throw Failure("no items for cycling given");
        const auto turn = static_cast<std::size_t>(function.receiver.integer_value());
        return arguments.positional[turn % arguments.positional.size()];
    }
    case Builtin::StrftimeNow: {
        const auto args = bind_arguments("strftime_now()", arguments, { "format" });
        if (!args[0])
            throw Failure("strftime_now() missing 1 required positional argument: 'format'");
        const auto& format = require_string(*args[0], "strftime_now()'s format");
        auto text = format_time(format, clock, budget.max_bytes());
        budget.charge_text(text.size());
        budget.check_size(text.size());
        return Value::string(std::move(text));
    }
    }
    throw Failure("unknown function " + function.name);
}

} // namespace hearth::jinja
