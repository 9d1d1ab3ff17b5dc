#include "engine/grammar/json_constraint.h"

#include <algorithm>
#include <cctype>

namespace hearth {

using Node = JsonSchema::Node;
using Kind = Node::Kind;

namespace {

constexpr std::size_t max_depth = 64;
constexpr int max_whitespace_run = 16;
constexpr std::size_t max_number_length = 32;

const Node& any_node()
{
    static const Node node;
    return node;
}

bool is_whitespace(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

enum class Mode : std::uint8_t {
    Value, // the start of a value
    ObjectFirstKey, // after '{': a key or '}'
    ObjectKey, // inside a key
    ObjectColon,
    ObjectNext, // after a value: ',' or '}'
    ObjectKeyAfterComma,
    ArrayFirst, // after '[': a value or ']'
    ArrayNext, // after a value: ',' or ']'
    ArrayValueAfterComma,
    String,
    Number,
    Literal,
};

// Numbers: after '-', after a leading 0, in integer digits, after '.', in
// fraction digits, after 'e', after the exponent's sign, in exponent digits.
enum NumberState : std::uint8_t { Minus, Zero, Digits, Point, Fraction, E, ESign, Exponent };

struct Frame {
    explicit Frame(const Node* n)
        : node(n)
    { }

    const Node* node = nullptr;
    Mode mode = Mode::Value;
    std::vector<bool> seen; // object: properties given
    std::string text; // key, number or literal so far
    std::size_t count = 0; // array: values so far
    std::uint8_t escape = 0; // string: 1 after '\', 2..5 hex digits to come
    NumberState number = Minus;
};

enum class Step { Consumed, Rejected, Done /* the frame's value ended before this byte */ };

} // namespace

struct JsonConstraint::State {
    std::vector<Frame> stack;
    int whitespace = 0;
    bool finished = false; // the root value is complete

    // One byte of a token; false when it cannot come.
    bool feed_byte(char c);

    bool feed(char c)
    {
        for (int guard = 0; guard < 8; ++guard) {
            if (stack.empty())
                return false; // nothing may follow the value
            const Step step = handle(c);
            if (step == Step::Consumed) {
                whitespace = is_whitespace(c) ? whitespace + 1 : 0;
                return whitespace <= max_whitespace_run;
            }
            if (step == Step::Rejected)
                return false;
            pop(); // and the byte goes to the parent
        }
        return false;
    }

    void pop()
    {
        stack.pop_back();
        if (stack.empty())
            finished = true;
    }

    bool terminable(const Frame& f) const
    {
        if (f.mode == Mode::Number)
            return f.number == Zero || f.number == Digits
                || (f.node->kind != Kind::Integer && (f.number == Fraction || f.number == Exponent));
        if (f.mode == Mode::Literal)
            return std::find(f.node->literals.begin(), f.node->literals.end(), f.text) != f.node->literals.end()
                || (f.node->kind != Kind::Literals && (f.text == "true" || f.text == "false" || f.text == "null"));
        return false;
    }

    bool push(const Node* node)
    {
        if (stack.size() >= max_depth)
            return false;
        stack.emplace_back(node);
        return true;
    }

    // Literal texts a value of `node` may be, for true/false/null.
    static std::vector<std::string> words(const Node& node)
    {
        switch (node.kind) {
        case Kind::Boolean:
            return { "true", "false" };
        case Kind::Null:
            return { "null" };
        case Kind::Any:
            return { "true", "false", "null" };
        default:
            return node.literals;
        }
    }

    static bool any_starts_with(const std::vector<std::string>& texts, std::string_view prefix)
    {
        return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return t.starts_with(prefix); });
    }

    // Of a union, the branch a value starting with `c` takes. `depth` bounds
    // unions of unions (a schema may make one of itself).
    static const Node* branch_for(const Node& node, char c, int depth = 0)
    {
        if (depth > 16)
            return nullptr;
        for (const Node* branch : node.branches) {
            const Node* b = branch->kind == Kind::Union ? branch_for(*branch, c, depth + 1) : branch;
            if (!b)
                continue;
            const Kind k = b->kind;
            if ((c == '{' && (k == Kind::Object || k == Kind::Any))
                || (c == '[' && (k == Kind::Array || k == Kind::Any))
                || (c == '"' && (k == Kind::String || k == Kind::Any))
                || ((c == '-' || is_digit(c)) && (k == Kind::Number || k == Kind::Integer || k == Kind::Any))
                || ((c == 't' || c == 'f' || c == 'n') && any_starts_with(words(*b), std::string(1, c)))
                || (k == Kind::Literals && any_starts_with(b->literals, std::string(1, c))))
                return b;
        }
        return nullptr;
    }

    Step start_value(Frame& f, char c)
    {
        if (is_whitespace(c))
            return Step::Consumed;
        if (f.node->kind == Kind::Union) {
            const Node* branch = branch_for(*f.node, c);
            if (!branch)
                return Step::Rejected;
            f.node = branch;
        }
        const Kind k = f.node->kind;
        if (k == Kind::Literals) {
            if (!any_starts_with(f.node->literals, std::string(1, c)))
                return Step::Rejected;
            f.mode = Mode::Literal;
            return literal(f, c);
        }
        if (c == '{' && (k == Kind::Object || k == Kind::Any)) {
            if (k == Kind::Any)
                f.node = &object_of_any();
            f.mode = Mode::ObjectFirstKey;
            f.seen.assign(f.node->properties.size(), false);
            return Step::Consumed;
        }
        if (c == '[' && (k == Kind::Array || k == Kind::Any)) {
            if (k == Kind::Any)
                f.node = &array_of_any();
            f.mode = Mode::ArrayFirst;
            return Step::Consumed;
        }
        if (c == '"' && (k == Kind::String || k == Kind::Any)) {
            f.mode = Mode::String;
            return Step::Consumed;
        }
        if ((c == '-' || is_digit(c)) && (k == Kind::Number || k == Kind::Integer || k == Kind::Any)) {
            f.mode = Mode::Number;
            f.text = c;
            f.number = c == '-' ? Minus : c == '0' ? Zero : Digits;
            return Step::Consumed;
        }
        if ((k == Kind::Boolean || k == Kind::Null || k == Kind::Any)
            && any_starts_with(words(*f.node), std::string(1, c))) {
            f.mode = Mode::Literal;
            f.text = c;
            return Step::Consumed;
        }
        return Step::Rejected;
    }

    static const Node& object_of_any()
    {
        static const Node node = [] {
            Node n;
            n.kind = Kind::Object;
            n.additional = &any_node();
            return n;
        }();
        return node;
    }

    static const Node& array_of_any()
    {
        static const Node node = [] {
            Node n;
            n.kind = Kind::Array;
            n.items = &any_node();
            return n;
        }();
        return node;
    }

    Step literal(Frame& f, char c)
    {
        const auto texts = words(*f.node);
        const std::string next = f.text + c;
        if (any_starts_with(texts, next)) {
            f.text = next;
            // Done at once unless a longer literal could still follow (1 and 12).
            const bool exact = std::find(texts.begin(), texts.end(), next) != texts.end();
            const bool longer = std::any_of(texts.begin(), texts.end(),
                [&](const std::string& t) { return t.size() > next.size() && t.starts_with(next); });
            if (exact && !longer) {
                pop_after_consuming = true;
            }
            return Step::Consumed;
        }
        return terminable(f) ? Step::Done : Step::Rejected;
    }

    Step number(Frame& f, char c)
    {
        const bool integer = f.node->kind == Kind::Integer;
        NumberState next = f.number;
        switch (f.number) {
        case Minus:
            next = c == '0' ? Zero : is_digit(c) ? Digits : Minus;
            if (!is_digit(c))
                return Step::Rejected;
            break;
        case Zero:
        case Digits:
            if (is_digit(c) && f.number == Digits)
                break;
            if (c == '.' && !integer)
                next = Point;
            else if ((c == 'e' || c == 'E') && !integer)
                next = E;
            else
                return terminable(f) ? Step::Done : Step::Rejected;
            break;
        case Point:
            if (!is_digit(c))
                return Step::Rejected;
            next = Fraction;
            break;
        case Fraction:
            if (is_digit(c))
                break;
            if (c == 'e' || c == 'E')
                next = E;
            else
                return Step::Done;
            break;
        case E:
            if (c == '+' || c == '-')
                next = ESign;
            else if (is_digit(c))
                next = Exponent;
            else
                return Step::Rejected;
            break;
        case ESign:
            if (!is_digit(c))
                return Step::Rejected;
            next = Exponent;
            break;
        case Exponent:
            if (!is_digit(c))
                return Step::Done;
            // Two exponent digits: every such number fits a double.
            if (is_digit(f.text.back()) && is_digit(f.text[f.text.size() - 2]))
                return Step::Rejected;
            break;
        }
        // Integers fit 64 bits (18 digits), other numbers a bounded length.
        if (f.text.size() >= (integer ? std::size_t(19) : max_number_length) && is_digit(c))
            return Step::Rejected;
        if (f.text.size() >= max_number_length)
            return terminable(f) ? Step::Done : Step::Rejected;
        f.text += c;
        f.number = next;
        return Step::Consumed;
    }

    // A string's next byte: false at the closing quote's place when it is
    // not one. `key`: no escapes (property names are written plainly).
    static Step string_byte(Frame& f, char c, bool key)
    {
        const auto u = static_cast<unsigned char>(c);
        if (f.escape == 1) {
            if (c == 'u')
                f.escape = 5;
            else if (std::string_view("\"\\/bfnrt").find(c) != std::string_view::npos)
                f.escape = 0;
            else
                return Step::Rejected;
            return Step::Consumed;
        }
        if (f.escape > 1) {
            if (!std::isxdigit(u))
                return Step::Rejected;
            f.escape = f.escape == 2 ? 0 : f.escape - 1;
            return Step::Consumed;
        }
        if (u < 0x20)
            return Step::Rejected;
        if (c == '\\') {
            if (key)
                return Step::Rejected;
            f.escape = 1;
        }
        return Step::Consumed;
    }

    bool can_add_key(const Frame& f) const
    {
        if (f.node->additional)
            return true;
        for (std::size_t i = 0; i < f.seen.size(); ++i)
            if (!f.seen[i])
                return true;
        return false;
    }

    bool required_given(const Frame& f) const
    {
        for (std::size_t i = 0; i < f.seen.size(); ++i)
            if (f.node->required[i] && !f.seen[i])
                return false;
        return true;
    }

    Step key_byte(Frame& f, char c)
    {
        if (c == '"') {
            // The key is complete: a property not yet given, or another allowed one.
            for (std::size_t i = 0; i < f.node->properties.size(); ++i)
                if (f.node->properties[i].first == f.text) {
                    if (f.seen[i])
                        return Step::Rejected;
                    f.mode = Mode::ObjectColon;
                    return Step::Consumed;
                }
            if (!f.node->additional)
                return Step::Rejected;
            f.mode = Mode::ObjectColon;
            return Step::Consumed;
        }
        if (string_byte(f, c, true) != Step::Consumed)
            return Step::Rejected;
        const std::string next = f.text + c;
        if (!f.node->additional) {
            bool possible = false;
            for (std::size_t i = 0; i < f.node->properties.size() && !possible; ++i)
                possible = !f.seen[i] && f.node->properties[i].first.starts_with(next);
            if (!possible)
                return Step::Rejected;
        }
        f.text = next;
        return Step::Consumed;
    }

    const Node* property_schema(Frame& f)
    {
        for (std::size_t i = 0; i < f.node->properties.size(); ++i)
            if (f.node->properties[i].first == f.text) {
                f.seen[i] = true;
                return f.node->properties[i].second;
            }
        return f.node->additional;
    }

    bool pop_after_consuming = false;

    Step handle(char c)
    {
        Frame& f = stack.back();
        switch (f.mode) {
        case Mode::Value:
            return start_value(f, c);
        case Mode::Literal:
            return literal(f, c);
        case Mode::Number:
            return number(f, c);
        case Mode::String:
            if (c == '"' && f.escape == 0) {
                pop_after_consuming = true;
                return Step::Consumed;
            }
            return string_byte(f, c, false);
        case Mode::ObjectFirstKey:
        case Mode::ObjectKeyAfterComma:
            if (is_whitespace(c))
                return Step::Consumed;
            if (c == '"' && can_add_key(f)) {
                f.mode = Mode::ObjectKey;
                f.text.clear();
                return Step::Consumed;
            }
            if (c == '}' && f.mode == Mode::ObjectFirstKey && required_given(f)) {
                pop_after_consuming = true;
                return Step::Consumed;
            }
            return Step::Rejected;
        case Mode::ObjectKey:
            return key_byte(f, c);
        case Mode::ObjectColon: {
            if (is_whitespace(c))
                return Step::Consumed;
            if (c != ':')
                return Step::Rejected;
            const Node* value = property_schema(f);
            f.mode = Mode::ObjectNext;
            return push(value ? value : &any_node()) ? Step::Consumed : Step::Rejected;
        }
        case Mode::ObjectNext:
            if (is_whitespace(c))
                return Step::Consumed;
            if (c == ',' && can_add_key(f)) {
                f.mode = Mode::ObjectKeyAfterComma;
                return Step::Consumed;
            }
            if (c == '}' && required_given(f)) {
                pop_after_consuming = true;
                return Step::Consumed;
            }
            return Step::Rejected;
        case Mode::ArrayFirst:
        case Mode::ArrayValueAfterComma: {
            if (is_whitespace(c))
                return Step::Consumed;
            if (c == ']' && f.mode == Mode::ArrayFirst && f.count >= f.node->min_items) {
                pop_after_consuming = true;
                return Step::Consumed;
            }
            if (f.count >= f.node->max_items)
                return Step::Rejected;
            ++f.count;
            f.mode = Mode::ArrayNext;
            if (!push(f.node->items))
                return Step::Rejected;
            // The byte starts the new value.
            const Step step = handle(c);
            if (step == Step::Rejected) {
                stack.pop_back();
                return Step::Rejected;
            }
            return step;
        }
        case Mode::ArrayNext:
            if (is_whitespace(c))
                return Step::Consumed;
            if (c == ',' && f.count < f.node->max_items) {
                f.mode = Mode::ArrayValueAfterComma;
                return Step::Consumed;
            }
            if (c == ']' && f.count >= f.node->min_items) {
                pop_after_consuming = true;
                return Step::Consumed;
            }
            return Step::Rejected;
        }
        return Step::Rejected;
    }
};

JsonConstraint::JsonConstraint(std::shared_ptr<const JsonSchema> schema)
    : m_schema(std::move(schema))
    , m_state(std::make_unique<State>())
{
    m_state->stack.emplace_back(&m_schema->root());
}

JsonConstraint::~JsonConstraint() = default;

JsonConstraint::JsonConstraint(const JsonConstraint& other)
    : m_schema(other.m_schema)
    , m_state(std::make_unique<State>(*other.m_state))
{ }

JsonConstraint& JsonConstraint::operator=(const JsonConstraint& other)
{
    if (this != &other) {
        m_schema = other.m_schema;
        m_state = std::make_unique<State>(*other.m_state);
    }
    return *this;
}

bool JsonConstraint::accepts(std::string_view bytes) const
{
    State trial = *m_state;
    for (const char c : bytes)
        if (!trial.feed_byte(c))
            return false;
    return true;
}

bool JsonConstraint::State::feed_byte(char c)
{
    pop_after_consuming = false;
    if (!feed(c))
        return false;
    if (pop_after_consuming)
        pop();
    return true;
}

bool JsonConstraint::allowed_tokens(
    const TokenTrie& trie, std::vector<char>& allowed, const std::atomic<bool>* cancelled) const
{
    allowed.assign(trie.vocab_size(), 0);
    // states[d]: after the first d bytes of the node being looked at.
    std::vector<State> states(trie.max_depth() + 1);
    states[0] = *m_state;
    std::size_t i = 0;
    for (std::size_t visited = 0; i < trie.size(); ++visited) {
        if (cancelled && visited % 4096 == 4095 && cancelled->load(std::memory_order_relaxed))
            return false;
        const std::uint32_t depth = trie.depth(i);
        states[depth] = states[depth - 1];
        if (!states[depth].feed_byte(static_cast<char>(trie.byte(i)))) {
            i = trie.subtree_end(i); // nothing that starts this way may come
            continue;
        }
        for (const TokenId token : trie.tokens(i))
            allowed[static_cast<std::size_t>(token)] = 1;
        ++i;
    }
    return true;
}

bool JsonConstraint::feed(std::string_view bytes)
{
    State next = *m_state;
    for (const char c : bytes)
        if (!next.feed_byte(c))
            return false;
    *m_state = std::move(next);
    return true;
}

bool JsonConstraint::complete() const
{
    const auto& stack = m_state->stack;
    if (m_state->finished && stack.empty())
        return true;
    // A number or literal at the root ends with the text.
    return stack.size() == 1 && m_state->terminable(stack.back());
}

} // namespace hearth
