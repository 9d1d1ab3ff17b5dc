#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/text/chat_template.h"
#include "engine/text/template/arguments.h"
#include "engine/text/template/ast.h"
#include "engine/text/template/budget.h"
#include "engine/text/template/scope.h"
#include "engine/text/template/value.h"

namespace hearth::jinja {

// Renders a parsed template once. Statements run in render_statements.cpp,
// expressions evaluate in evaluate_expressions.cpp.
class Interpreter {
public:
    Interpreter(const Program& program, const TemplateClock& clock, const TemplateLimits& limits);

    std::string render(const nlohmann::ordered_json& context);

private:
    enum class Flow { Normal, Break, Continue };

    // Counts one level of recursion (a block, an expression, a macro call)
    // and refuses to pass TemplateLimits::max_depth.
    class DepthGuard {
    public:
        DepthGuard(Interpreter& interpreter, std::size_t offset);
        ~DepthGuard() { --m_interpreter.m_depth; }
        DepthGuard(const DepthGuard&) = delete;
        DepthGuard& operator=(const DepthGuard&) = delete;

    private:
        Interpreter& m_interpreter;
    };

    Flow execute(const ast::Body& body, const std::shared_ptr<Scope>& scope);
    Flow execute(const ast::Statement& statement, const std::shared_ptr<Scope>& scope);
    Flow execute_if(const ast::If& statement, const std::shared_ptr<Scope>& scope);
    Flow execute_for(const ast::For& loop, const std::shared_ptr<Scope>& scope);
    void assign(const ast::AssignTarget& target, Value value, Scope& scope);
    // Renders a body into a string instead of the output: macros, block sets, filter blocks.
    // A break or continue inside (a block set in a loop) ends up in `flow`.
    std::string capture(const ast::Body& body, const std::shared_ptr<Scope>& scope, Flow* flow = nullptr);
    Value apply_filters(const std::vector<ast::FilterCall>& filters, Value value, Scope& scope);
    void write(std::string_view text);

    Value evaluate(const ast::Expression& expression, Scope& scope);
    Value evaluate_node(const ast::Expression& expression, Scope& scope);
    Value evaluate_call(const ast::Call& call, Scope& scope);
    Value evaluate_compare(const ast::Compare& compare, Scope& scope);
    Value evaluate_subscript(const ast::Subscript& subscript, Scope& scope);
    CallArguments evaluate_arguments(const ast::Arguments& arguments, Scope& scope);
    Value call(const Value& callee, const CallArguments& arguments);
    Value call_macro(const Callable& macro, const CallArguments& arguments);

    [[noreturn]] void fail_at(std::size_t offset, const std::string& reason) const;

    const Program& m_program;
    const TemplateClock& m_clock;
    const TemplateLimits& m_limits;
    Budget m_budget;
    std::string m_output;
    int m_depth = 0;
};

} // namespace hearth::jinja
