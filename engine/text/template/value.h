#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace hearth::jinja {

namespace ast {
struct Macro;
}
class Scope;
class Value;
struct Sequence;
struct Mapping;
struct Namespace;
struct Callable;

// What a list stands for when Python has a type of its own for it: the lazy
// results of jinja2's filters (map, select... are generators), dict views and
// range(). They iterate like a list, but count, index, test true, print and
// serialize as those Python types do.
enum class SequenceView : std::uint8_t { None, Generator, ReverseIterator, DictItems, DictKeys, DictValues, Range };

// Lists and dicts nest at most this deep. Printing, comparing and freeing
// values recurse, so a template that wraps a list in itself a million times
// (or a context that does) must stop here rather than exhaust the stack.
inline constexpr std::uint32_t kMaxValueDepth = 256;

// A Python value as a Jinja2 template sees it. Lists and dicts are immutable
// and shared; a namespace is the one mutable object, shared by reference as
// in Python.
class Value {
public:
    enum class Kind : std::uint8_t {
        Undefined,
        None,
        Boolean,
        Integer,
        Float,
        String,
        List,
        Tuple,
        Dict,
        Namespace,
        Callable
    };

    Value() = default; // undefined
    static Value undefined(std::string hint); // hint: why, for the error if the template uses it
    static Value none();
    static Value boolean(bool b);
    static Value integer(std::int64_t i);
    static Value floating(double d);
    static Value string(std::string s);
    // A string jinja2 holds as Markup (from |safe or |escape): adding plain
    // text to it escapes that text for HTML, as markupsafe does.
    static Value markup(std::string s);
    static Value list(std::vector<Value> items);
    static Value tuple(std::vector<Value> items);
    static Value view(SequenceView view, std::vector<Value> items);
    // A generator whose work failed: it fails with `reason` only when something
    // iterates it, as a Python generator raises only when it runs.
    static Value failed_generator(std::string reason);
    // range(start, stop, step) with its items already made.
    static Value range(std::int64_t start, std::int64_t stop, std::int64_t step, std::vector<Value> items);
    static Value dict(class Dict dict);
    static Value namespace_object(class Dict attributes);
    static Value callable(Callable callable);
    // Throws Failure when `json` nests deeper than kMaxValueDepth or holds a
    // string that is not valid UTF-8, or an integer Python-sized ints would need.
    static Value from_json(const nlohmann::ordered_json& json);

    Kind kind() const { return m_kind; }
    bool is_undefined() const { return m_kind == Kind::Undefined; }
    bool is_none() const { return m_kind == Kind::None; }
    bool is_string() const { return m_kind == Kind::String; }
    bool is_markup() const { return m_markup; }
    bool is_sequence() const { return m_kind == Kind::List || m_kind == Kind::Tuple; }
    bool is_dict() const { return m_kind == Kind::Dict; }
    // bool, int: Python's bool is an int.
    bool is_integral() const { return m_kind == Kind::Boolean || m_kind == Kind::Integer; }
    bool is_number() const { return is_integral() || m_kind == Kind::Float; }

    bool boolean_value() const { return std::get<bool>(m_data); }
    std::int64_t integer_value() const; // bool or int
    double number_value() const; // bool, int or float
    const std::string& string_value() const { return std::get<std::string>(m_data); }
    const std::vector<Value>& items() const; // list or tuple
    SequenceView sequence_view() const; // None for anything but a view
    const Sequence& sequence() const;
    std::shared_ptr<const std::vector<Value>> shared_items() const;
    const class Dict& dict_value() const;
    Namespace& namespace_value() const;
    const Callable& callable_value() const { return *std::get<std::shared_ptr<const Callable>>(m_data); }
    const std::string& undefined_hint() const { return std::get<std::string>(m_data); }

    // How deep lists and dicts nest inside this value (a scalar is 0).
    std::uint32_t depth() const;
    // What comparing or walking the whole value costs, in budget steps: one
    // per item, nested items included, and one per 16 bytes of text.
    std::uint64_t weight() const;
    // Whether a namespace is inside (namespaces may not hold one: no cycles).
    bool holds_namespace() const;
    bool same_object(const Value& other) const { return m_data == other.m_data && m_kind == other.m_kind; }

private:
    using Storage
        = std::variant<std::monostate, bool, std::int64_t, double, std::string, std::shared_ptr<const Sequence>,
            std::shared_ptr<const Mapping>, std::shared_ptr<Namespace>, std::shared_ptr<const Callable>>;

    Value(Kind kind, Storage data)
        : m_kind(kind)
        , m_data(std::move(data))
    { }
    static std::shared_ptr<Sequence> make_sequence(std::vector<Value> items);
    static Value wrap_sequence(Kind kind, std::shared_ptr<Sequence> data);

    Kind m_kind = Kind::Undefined;
    bool m_markup = false;
    Storage m_data = std::string {};
};

// Python's dict: keys in insertion order, looked up by equality. Chat dicts
// are small (a message has a handful of keys), so a vector beats hashing.
class Dict {
public:
    const Value* find(const Value& key) const;
    const Value* find(std::string_view key) const;
    // Replaces the value of an existing key in place (Python keeps its
    // position), else appends. Throws Failure for unhashable keys.
    void set(Value key, Value value);
    // For keys known to be new (a JSON object's).
    void append_new(Value key, Value value) { m_entries.emplace_back(std::move(key), std::move(value)); }

    const std::vector<std::pair<Value, Value>>& entries() const { return m_entries; }
    std::size_t size() const { return m_entries.size(); }
    bool empty() const { return m_entries.empty(); }

private:
    std::vector<std::pair<Value, Value>> m_entries;
};

struct Sequence {
    std::vector<Value> items;
    std::uint64_t weight = 1;
    std::uint32_t depth = 1;
    bool holds_namespace = false;
    SequenceView view = SequenceView::None;
    std::int64_t range_start = 0, range_stop = 0, range_step = 1; // for SequenceView::Range
    std::string deferred_failure; // for a failed generator
};

struct Mapping {
    Dict dict;
    std::uint64_t weight = 1;
    std::uint32_t depth = 1;
    bool holds_namespace = false;
};

// jinja2's namespace(): attributes the template may set from inside loops.
struct Namespace {
    Dict attributes;
};

enum class Builtin { RaiseException, StrftimeNow, Namespace, Range, Dict, LoopCycle };

// Something the template can call: a global function, a macro, or a method
// bound to its receiver ('text'.upper without the call).
struct Callable {
    enum class Kind : std::uint8_t { Builtin, Macro, Method };
    Kind kind = Kind::Builtin;
    std::string name;
    Builtin builtin = Builtin::RaiseException;
    const ast::Macro* macro = nullptr;
    // Weak: the scope holds the macro, so a strong pointer would be a cycle.
    std::weak_ptr<Scope> closure;
    Value receiver; // the bound object of a method; the turn of loop.cycle
};

} // namespace hearth::jinja
