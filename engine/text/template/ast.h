#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/text/template/filters.h"
#include "engine/text/template/jinja_tests.h"
#include "engine/text/template/value.h"

// The syntax tree of a template. Every node records the byte offset where it
// starts, so that a failure can name its line and column.
namespace hearth::jinja::ast {

enum class ExpressionKind : std::uint8_t {
    Literal,
    List,
    Dict,
    Name,
    Attribute,
    Subscript,
    Slice,
    Call,
    Filter,
    Test,
    Not,
    Negate,
    Plus,
    Binary,
    And,
    Or,
    Concat,
    Compare,
    Conditional,
};

struct Expression {
    Expression(ExpressionKind kind, std::size_t offset)
        : kind(kind)
        , offset(offset)
    { }
    virtual ~Expression() = default;

    ExpressionKind kind;
    std::size_t offset;
    int height = 1; // longest path to a leaf: bounds the recursion of evaluating and freeing it
};
using ExpressionPtr = std::unique_ptr<Expression>;

struct Arguments {
    std::vector<ExpressionPtr> positional;
    std::vector<std::pair<std::string, ExpressionPtr>> keyword;
};

struct Literal : Expression {
    Literal(std::size_t offset, Value value)
        : Expression(ExpressionKind::Literal, offset)
        , value(std::move(value))
    { }
    Value value;
};

struct ListLiteral : Expression {
    explicit ListLiteral(std::size_t offset)
        : Expression(ExpressionKind::List, offset)
    { }
    std::vector<ExpressionPtr> items;
    bool tuple = false;
};

struct DictLiteral : Expression {
    explicit DictLiteral(std::size_t offset)
        : Expression(ExpressionKind::Dict, offset)
    { }
    std::vector<std::pair<ExpressionPtr, ExpressionPtr>> entries;
};

struct Name : Expression {
    Name(std::size_t offset, std::string name)
        : Expression(ExpressionKind::Name, offset)
        , name(std::move(name))
    { }
    std::string name;
};

// object.name
struct Attribute : Expression {
    explicit Attribute(std::size_t offset)
        : Expression(ExpressionKind::Attribute, offset)
    { }
    ExpressionPtr object;
    std::string name;
};

// object[index]; index may be a Slice.
struct Subscript : Expression {
    explicit Subscript(std::size_t offset)
        : Expression(ExpressionKind::Subscript, offset)
    { }
    ExpressionPtr object;
    ExpressionPtr index;
};

// start:stop:step inside brackets; each part may be missing.
struct Slice : Expression {
    explicit Slice(std::size_t offset)
        : Expression(ExpressionKind::Slice, offset)
    { }
    ExpressionPtr start, stop, step;
};

struct Call : Expression {
    explicit Call(std::size_t offset)
        : Expression(ExpressionKind::Call, offset)
    { }
    ExpressionPtr callee;
    Arguments arguments;
};

// One `| name(arguments)`, resolved when parsing.
struct FilterCall {
    std::size_t offset = 0;
    std::string name;
    FilterFunction function = nullptr; // missing for an unknown filter in a soft place: fails if it runs
    Arguments arguments;
};

struct Filter : Expression {
    explicit Filter(std::size_t offset)
        : Expression(ExpressionKind::Filter, offset)
    { }
    ExpressionPtr operand;
    FilterCall call;
};

// operand is name(arguments); `is not` is a Not around it.
struct Test : Expression {
    explicit Test(std::size_t offset)
        : Expression(ExpressionKind::Test, offset)
    { }
    ExpressionPtr operand;
    std::string name;
    TestFunction function = nullptr; // missing as for FilterCall
    Arguments arguments;
};

// not, unary -, unary +
struct Unary : Expression {
    Unary(ExpressionKind kind, std::size_t offset)
        : Expression(kind, offset)
    { }
    ExpressionPtr operand;
};

enum class BinaryOperator : std::uint8_t { Add, Subtract, Multiply, Divide, FloorDivide, Modulo, Power };

// Arithmetic, and `and` / `or` (kinds And and Or, operator unused).
struct Binary : Expression {
    Binary(ExpressionKind kind, std::size_t offset)
        : Expression(kind, offset)
    { }
    BinaryOperator op = BinaryOperator::Add;
    ExpressionPtr left, right;
};

// a ~ b ~ c
struct Concat : Expression {
    explicit Concat(std::size_t offset)
        : Expression(ExpressionKind::Concat, offset)
    { }
    std::vector<ExpressionPtr> parts;
};

enum class CompareOperator : std::uint8_t { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, In, NotIn };

// a < b <= c, chained as in Python.
struct Compare : Expression {
    explicit Compare(std::size_t offset)
        : Expression(ExpressionKind::Compare, offset)
    { }
    ExpressionPtr first;
    std::vector<std::pair<CompareOperator, ExpressionPtr>> rest;
};

// then if condition else otherwise; `otherwise` may be missing (undefined).
struct Conditional : Expression {
    explicit Conditional(std::size_t offset)
        : Expression(ExpressionKind::Conditional, offset)
    { }
    ExpressionPtr condition, then, otherwise;
};

enum class StatementKind : std::uint8_t {
    Text,
    Output,
    If,
    For,
    Set,
    SetBlock,
    Macro,
    Break,
    Continue,
    FilterBlock,
    Generation
};

struct Statement {
    Statement(StatementKind kind, std::size_t offset)
        : kind(kind)
        , offset(offset)
    { }
    virtual ~Statement() = default;

    StatementKind kind;
    std::size_t offset;
};
using StatementPtr = std::unique_ptr<Statement>;
using Body = std::vector<StatementPtr>;

// What `set` and `for` assign to: one name, names to unpack a sequence into,
// or a namespace attribute (`set ns.count = 1`).
struct AssignTarget {
    std::vector<std::string> names;
    bool unpack = false;
    std::optional<std::string> attribute; // names[0] is the namespace
};

struct Text : Statement {
    Text(std::size_t offset, std::string text)
        : Statement(StatementKind::Text, offset)
        , text(std::move(text))
    { }
    std::string text;
};

// {{ expression }}
struct Output : Statement {
    explicit Output(std::size_t offset)
        : Statement(StatementKind::Output, offset)
    { }
    ExpressionPtr expression;
};

struct If : Statement {
    explicit If(std::size_t offset)
        : Statement(StatementKind::If, offset)
    { }
    std::vector<std::pair<ExpressionPtr, Body>> branches; // if, then each elif
    Body otherwise;
};

struct For : Statement {
    explicit For(std::size_t offset)
        : Statement(StatementKind::For, offset)
    { }
    AssignTarget target;
    ExpressionPtr iterable;
    ExpressionPtr condition; // for x in y if condition
    Body body;
    Body otherwise; // rendered when no item passed
    bool uses_loop = false; // the body names `loop`: only then is it built
};

struct Set : Statement {
    explicit Set(std::size_t offset)
        : Statement(StatementKind::Set, offset)
    { }
    AssignTarget target;
    ExpressionPtr value;
};

// {% set x | filters %}body{% endset %}
struct SetBlock : Statement {
    explicit SetBlock(std::size_t offset)
        : Statement(StatementKind::SetBlock, offset)
    { }
    AssignTarget target;
    std::vector<FilterCall> filters;
    Body body;
};

struct Parameter {
    std::string name;
    ExpressionPtr default_value; // may be missing
};

struct Macro : Statement {
    explicit Macro(std::size_t offset)
        : Statement(StatementKind::Macro, offset)
    { }
    std::string name;
    std::vector<Parameter> parameters;
    Body body;
};

struct LoopControl : Statement {
    LoopControl(StatementKind kind, std::size_t offset)
        : Statement(kind, offset)
    { }
};

// {% filter name(args) | other %}body{% endfilter %}
struct FilterBlock : Statement {
    explicit FilterBlock(std::size_t offset)
        : Statement(StatementKind::FilterBlock, offset)
    { }
    std::vector<FilterCall> filters;
    Body body;
};

// transformers' {% generation %}: marks the assistant's own text for training
// masks; for rendering, its body renders as it is, in a scope of its own (it
// is a call block in jinja2).
struct Generation : Statement {
    explicit Generation(std::size_t offset)
        : Statement(StatementKind::Generation, offset)
    { }
    Body body;
};

} // namespace hearth::jinja::ast

namespace hearth::jinja {

// A parsed template: the normalized source (for error positions) and its tree.
struct Program {
    std::string source;
    ast::Body body;
};

} // namespace hearth::jinja
