#include <string>

#include "engine/text/template/builtins.h"
#include "engine/text/template/failure.h"
#include "engine/text/template/interpreter.h"
#include "engine/text/template/python_repr.h"
#include "engine/text/template/python_semantics.h"

// The statements half of the interpreter: output, control flow, assignments
// and macro calls.
namespace hearth::jinja {

namespace {

// Renders into a fresh buffer for as long as it lives, then puts the
// enclosing output back.
class OutputCapture {
public:
    explicit OutputCapture(std::string& output)
        : m_output(output)
        , m_saved(std::move(output))
    {
        m_output.clear();
    }
    ~OutputCapture() { m_output.swap(m_saved); }
    OutputCapture(const OutputCapture&) = delete;
    OutputCapture& operator=(const OutputCapture&) = delete;

    std::string take() { return std::exchange(m_output, std::string()); }

private:
    std::string& m_output;
    std::string m_saved;
};

// jinja2's `loop` for the turn `index` of a loop over `items`.
Value loop_variable(const std::vector<Value>& items, std::size_t index)
{
    const auto length = static_cast<std::int64_t>(items.size());
    const auto i = static_cast<std::int64_t>(index);
    Dict loop;
    loop.append_new(Value::string("index"), Value::integer(i + 1));
    loop.append_new(Value::string("index0"), Value::integer(i));
    loop.append_new(Value::string("revindex"), Value::integer(length - i));
    loop.append_new(Value::string("revindex0"), Value::integer(length - i - 1));
    loop.append_new(Value::string("first"), Value::boolean(i == 0));
    loop.append_new(Value::string("last"), Value::boolean(i == length - 1));
    loop.append_new(Value::string("length"), Value::integer(length));
    loop.append_new(Value::string("depth"), Value::integer(1));
    loop.append_new(Value::string("depth0"), Value::integer(0));
    if (index > 0)
        loop.append_new(Value::string("previtem"), items[index - 1]);
    if (index + 1 < items.size())
        loop.append_new(Value::string("nextitem"), items[index + 1]);
    Callable cycle;
    cycle.kind = Callable::Kind::Builtin;
    cycle.builtin = Builtin::LoopCycle;
    cycle.name = "loop.cycle";
    cycle.receiver = Value::integer(i);
    loop.append_new(Value::string("cycle"), Value::callable(std::move(cycle)));
    return Value::dict(std::move(loop));
}

} // namespace

Interpreter::Interpreter(const Program& program, const TemplateClock& clock, const TemplateLimits& limits)
    : m_program(program)
    , m_clock(clock)
    , m_limits(limits)
    , m_budget(limits)
{ }

Interpreter::DepthGuard::DepthGuard(Interpreter& interpreter, std::size_t offset)
    : m_interpreter(interpreter)
{
    if (++m_interpreter.m_depth > m_interpreter.m_limits.max_depth) {
        --m_interpreter.m_depth;
        m_interpreter.fail_at(offset,
            "the template nests too deeply (over " + std::to_string(m_interpreter.m_limits.max_depth)
                + " levels of blocks, expressions and macro calls): a macro may call itself without end");
    }
}

void Interpreter::fail_at(std::size_t offset, const std::string& reason) const
{
    throw error_at(m_program.source, offset, reason);
}

std::string Interpreter::render(const nlohmann::ordered_json& context)
{
    if (!context.is_object())
        throw TemplateError(std::nullopt, std::string("the context must be a JSON object, not ") + context.type_name());
    auto globals = std::make_shared<Scope>(nullptr);
    add_builtins(*globals);
    auto variables = std::make_shared<Scope>(globals);
    for (const auto& [name, json] : context.items()) {
        try {
            variables->set(name, Value::from_json(json));
        } catch (const Failure& failure) {
            throw TemplateError(std::nullopt, "the context variable '" + name + "': " + failure.what());
        }
    }
    // The template's own level, so that its {% set %} shadows the context.
    const auto top = std::make_shared<Scope>(variables);
    execute(m_program.body, top);
    return std::move(m_output);
}

void Interpreter::write(std::string_view text)
{
    m_budget.charge_text(text.size());
    m_budget.check_size(m_output.size() + text.size());
    m_output += text;
}

Interpreter::Flow Interpreter::execute(const ast::Body& body, const std::shared_ptr<Scope>& scope)
{
    if (body.empty())
        return Flow::Normal;
    DepthGuard guard(*this, body.front()->offset);
    for (const auto& statement : body) {
        const Flow flow = execute(*statement, scope);
        if (flow != Flow::Normal)
            return flow;
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::execute(const ast::Statement& statement, const std::shared_ptr<Scope>& scope)
{
    try {
        m_budget.charge(1);
        switch (statement.kind) {
        case ast::StatementKind::Text:
            write(static_cast<const ast::Text&>(statement).text);
            return Flow::Normal;
        case ast::StatementKind::Output: {
            const Value value = evaluate(*static_cast<const ast::Output&>(statement).expression, *scope);
            if (value.is_string()) {
                write(value.string_value());
            } else {
                std::string text;
                append_str(text, value);
                write(text);
            }
            return Flow::Normal;
        }
        case ast::StatementKind::If:
            return execute_if(static_cast<const ast::If&>(statement), scope);
        case ast::StatementKind::For:
            return execute_for(static_cast<const ast::For&>(statement), scope);
        case ast::StatementKind::Set: {
            const auto& set = static_cast<const ast::Set&>(statement);
            assign(set.target, evaluate(*set.value, *scope), *scope);
            return Flow::Normal;
        }
        case ast::StatementKind::SetBlock: {
            const auto& set = static_cast<const ast::SetBlock&>(statement);
            Flow flow = Flow::Normal;
            std::string text = capture(set.body, scope, &flow);
            if (flow != Flow::Normal)
                return flow;
            assign(set.target, apply_filters(set.filters, Value::string(std::move(text)), *scope), *scope);
            return Flow::Normal;
        }
        case ast::StatementKind::Macro: {
            const auto& macro = static_cast<const ast::Macro&>(statement);
            Callable callable;
            callable.kind = Callable::Kind::Macro;
            callable.name = macro.name;
            callable.macro = &macro;
            callable.closure = scope;
            scope->set(macro.name, Value::callable(std::move(callable)));
            return Flow::Normal;
        }
        case ast::StatementKind::Break:
            return Flow::Break;
        case ast::StatementKind::Continue:
            return Flow::Continue;
        case ast::StatementKind::Generation:
            execute(static_cast<const ast::Generation&>(statement).body, std::make_shared<Scope>(scope));
            return Flow::Normal;
        case ast::StatementKind::FilterBlock: {
            const auto& block = static_cast<const ast::FilterBlock&>(statement);
            Flow flow = Flow::Normal;
            std::string text = capture(block.body, scope, &flow);
            if (flow != Flow::Normal)
                return flow;
            const Value value = apply_filters(block.filters, Value::string(std::move(text)), *scope);
            write(to_str(value));
            return Flow::Normal;
        }
        }
    } catch (const Failure& failure) {
        fail_at(statement.offset, failure.what());
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::execute_if(const ast::If& statement, const std::shared_ptr<Scope>& scope)
{
    for (const auto& [condition, body] : statement.branches) {
        if (truthy(evaluate(*condition, *scope)))
            return execute(body, scope);
    }
    return execute(statement.otherwise, scope);
}

Interpreter::Flow Interpreter::execute_for(const ast::For& loop, const std::shared_ptr<Scope>& scope)
{
    const Value iterable = evaluate(*loop.iterable, *scope);
    std::shared_ptr<const std::vector<Value>> items;
    try {
        items = iterate(iterable, m_budget);
    } catch (const Failure& failure) {
        fail_at(loop.iterable->offset, failure.what());
    }
    if (loop.condition) { // for x in y if condition: the loop sees only the items that pass
        std::vector<Value> kept;
        for (const auto& item : *items) {
            m_budget.charge(1);
            Scope candidate(scope);
            assign(loop.target, item, candidate);
            if (truthy(evaluate(*loop.condition, candidate)))
                kept.push_back(item);
        }
        items = std::make_shared<const std::vector<Value>>(std::move(kept));
    }
    if (items->empty())
        return execute(loop.otherwise, std::make_shared<Scope>(scope));
    for (std::size_t i = 0; i < items->size(); ++i) {
        m_budget.charge(1);
        const auto turn = std::make_shared<Scope>(scope);
        assign(loop.target, (*items)[i], *turn);
        if (loop.uses_loop)
            turn->set("loop", loop_variable(*items, i));
        if (execute(loop.body, turn) == Flow::Break)
            break;
    }
    return Flow::Normal;
}

void Interpreter::assign(const ast::AssignTarget& target, Value value, Scope& scope)
{
    if (target.attribute) {
        const Value* object = scope.find(target.names.front());
        if (!object || object->kind() != Value::Kind::Namespace)
            throw Failure("cannot assign attribute on non-namespace object");
        if (value.holds_namespace())
            throw Failure("a namespace cannot hold another namespace");
        object->namespace_value().attributes.set(Value::string(*target.attribute), std::move(value));
        return;
    }
    if (!target.unpack) {
        scope.set(target.names.front(), std::move(value));
        return;
    }
    const auto items = iterate(value, m_budget);
    if (items->size() < target.names.size())
        throw Failure("not enough values to unpack (expected " + std::to_string(target.names.size()) + ", got "
            + std::to_string(items->size()) + ")");
    if (items->size() > target.names.size())
        throw Failure("too many values to unpack (expected " + std::to_string(target.names.size()) + ")");
    for (std::size_t i = 0; i < items->size(); ++i)
        scope.set(target.names[i], (*items)[i]);
}

std::string Interpreter::capture(const ast::Body& body, const std::shared_ptr<Scope>& scope, Flow* flow)
{
    OutputCapture capture(m_output);
    const Flow result = execute(body, scope);
    if (flow)
        *flow = result;
    return capture.take();
}

Value Interpreter::apply_filters(const std::vector<ast::FilterCall>& filters, Value value, Scope& scope)
{
    for (const auto& filter : filters) {
        const CallArguments arguments = evaluate_arguments(filter.arguments, scope);
        try {
            if (!filter.function)
                throw Failure(missing_filter_reason(filter.name));
            value = filter.function(m_budget, value, arguments);
        } catch (const Failure& failure) {
            fail_at(filter.offset, failure.what());
        }
    }
    return value;
}

Value Interpreter::call_macro(const Callable& callable, const CallArguments& arguments)
{
    const ast::Macro& macro = *callable.macro;
    const auto closure = callable.closure.lock();
    if (!closure)
        throw Failure("macro '" + macro.name + "' is called after the block that defined it has ended");
    DepthGuard guard(*this, macro.offset);
    const auto& parameters = macro.parameters;
    if (arguments.positional.size() > parameters.size())
        throw Failure(
            "macro '" + macro.name + "' takes not more than " + std::to_string(parameters.size()) + " argument(s)");
    const auto scope = std::make_shared<Scope>(closure);
    std::vector<bool> given(parameters.size(), false);
    for (std::size_t i = 0; i < arguments.positional.size(); ++i) {
        scope->set(parameters[i].name, arguments.positional[i]);
        given[i] = true;
    }
    for (const auto& [name, value] : arguments.keyword) {
        std::size_t index = 0;
        while (index < parameters.size() && parameters[index].name != name)
            ++index;
        if (index == parameters.size())
            throw Failure("macro '" + macro.name + "' takes no keyword argument '" + name + "'");
        if (given[index])
            throw Failure("macro '" + macro.name + "' got multiple values for argument '" + name + "'");
        scope->set(name, value);
        given[index] = true;
    }
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        if (given[i])
            continue;
        if (parameters[i].default_value)
            scope->set(parameters[i].name, evaluate(*parameters[i].default_value, *scope));
        else
            scope->set(parameters[i].name, Value::undefined("parameter '" + parameters[i].name + "' was not provided"));
    }
    return Value::string(capture(macro.body, scope));
}

} // namespace hearth::jinja
