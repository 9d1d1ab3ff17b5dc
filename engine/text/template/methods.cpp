#include "engine/text/template/methods.h"

#include <string>

#include "engine/text/template/access.h"
#include "engine/text/template/failure.h"
#include "engine/text/template/python_repr.h"
#include "engine/text/template/python_semantics.h"
#include "engine/text/template/python_string.h"
#include "engine/text/template/string_formatting.h"
#include "engine/text/template/unicode.h"

namespace hearth::jinja {

namespace {

std::string describe(const Value& receiver, std::string_view name)
{
    return type_name(receiver) + "." + std::string(name) + "()";
}

std::optional<std::string> optional_string(const std::optional<Value>& value, std::string_view what)
{
    if (!value || value->is_none())
        return std::nullopt;
    return require_string(*value, what);
}

Value strings_to_list(std::vector<std::string> pieces)
{
    std::vector<Value> items;
    items.reserve(pieces.size());
    for (auto& piece : pieces)
        items.push_back(Value::string(std::move(piece)));
    return Value::list(std::move(items));
}

// startswith/endswith: a prefix or a tuple of them, within s[start:end].
Value affix_test(const Value& receiver, std::string_view name, const CallArguments& arguments)
{
    const auto args = bind_arguments(describe(receiver, name), arguments, { "affix", "start", "end" });
    if (!args[0])
        throw Failure(describe(receiver, name) + " takes at least 1 argument (0 given)");
    std::string text = receiver.string_value();
    if (args[1] || args[2]) {
        const Value part
            = get_slice(receiver, args[1].value_or(Value::none()), args[2].value_or(Value::none()), Value::none());
        text = part.is_string() ? part.string_value() : std::string();
    }
    std::vector<Value> candidates;
    if (args[0]->kind() == Value::Kind::Tuple)
        candidates = args[0]->items();
    else
        candidates.push_back(*args[0]);
    for (const auto& candidate : candidates) {
        const auto& affix = require_string(candidate, describe(receiver, name) + "'s argument");
        const bool match = name == "startswith" ? text.starts_with(affix) : text.ends_with(affix);
        if (match)
            return Value::boolean(true);
    }
    return Value::boolean(false);
}

bool all_characters(const std::string& s, bool (*predicate)(char32_t))
{
    if (s.empty())
        return false;
    for (std::size_t i = 0; i < s.size();) {
        if (!predicate(decode_utf8(s, i)))
            return false;
    }
    return true;
}

// islower/isupper: some cased character, and none of the other case.
bool case_test(const std::string& s, bool want_lower)
{
    bool cased = false;
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = decode_utf8(s, i);
        if (!is_cased(c))
            continue;
        if (want_lower ? to_lower(c) != c : to_upper(c) != c)
            return false;
        cased = true;
    }
    return cased;
}

Value string_method(Budget& budget, const Value& receiver, std::string_view name, const CallArguments& arguments)
{
    const std::string& s = receiver.string_value();
    const std::string what = describe(receiver, name);
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
        const auto args = bind_arguments(what, arguments, { "chars" });
        const auto chars = optional_string(args[0], what + "'s argument");
        // With `chars` each character costs a search of that set.
        budget.charge(chars ? s.size() / 2 + chars->size() / 16 : s.size() / 16);
        return Value::string(strip(s, chars, name != "rstrip", name != "lstrip"));
    }
    if (name == "startswith" || name == "endswith")
        return affix_test(receiver, name, arguments);
    if (name == "split" || name == "rsplit") {
        const auto args = bind_arguments(what, arguments, { "sep", "maxsplit" });
        const auto separator = optional_string(args[0], what + "'s separator");
        const std::int64_t maxsplit = args[1] ? require_integer(*args[1], what + "'s maxsplit") : -1;
        return strings_to_list(
            name == "split" ? split(s, separator, maxsplit, budget) : rsplit(s, separator, maxsplit, budget));
    }
    if (name == "splitlines") {
        const auto args = bind_arguments(what, arguments, { "keepends" });
        return strings_to_list(splitlines(s, args[0] && truthy(*args[0]), budget));
    }
    if (name == "upper" || name == "lower" || name == "title" || name == "capitalize") {
        bind_arguments(what, arguments, {});
        if (name == "upper")
            return Value::string(upper(s));
        if (name == "lower")
            return Value::string(lower(s));
        return Value::string(name == "title" ? title(s) : capitalize(s));
    }
    if (name == "replace") {
        const auto args = bind_arguments(what, arguments, { "old", "new", "count" });
        if (!args[0] || !args[1])
            throw Failure(what + " takes at least 2 arguments");
        const std::int64_t count = args[2] ? require_integer(*args[2], what + "'s count") : -1;
        return Value::string(replace(
            s, require_string(*args[0], what + "'s old"), require_string(*args[1], what + "'s new"), count, budget));
    }
    if (name == "format")
        return Value::string(format_method(s, arguments, budget));
    if (name == "join") {
        const auto args = bind_arguments(what, arguments, { "iterable" });
        if (!args[0])
            throw Failure(what + " takes exactly one argument (0 given)");
        const auto items = iterate(*args[0], budget);
        std::string out;
        for (std::size_t i = 0; i < items->size(); ++i) {
            const Value& item = (*items)[i];
            if (!item.is_string())
                throw Failure(
                    "sequence item " + std::to_string(i) + ": expected str instance, " + type_name(item) + " found");
            if (i)
                out += s;
            out += item.string_value();
            budget.check_size(out.size());
        }
        budget.charge_text(out.size());
        return Value::string(std::move(out));
    }
    if (name == "find" || name == "rfind" || name == "index" || name == "rindex" || name == "count") {
        const auto args = bind_arguments(what, arguments, { "sub" });
        if (!args[0])
            throw Failure(what + " takes at least 1 argument (0 given)");
        const auto& needle = require_string(*args[0], what + "'s argument");
        if (name == "count")
            return Value::integer(count_occurrences(s, needle));
        const std::int64_t at = find_substring(s, needle, name[0] == 'r');
        if (at < 0 && (name == "index" || name == "rindex"))
            throw Failure("substring not found");
        return Value::integer(at);
    }
    if (name == "removeprefix" || name == "removesuffix") {
        const auto args = bind_arguments(what, arguments, { "affix" });
        if (!args[0])
            throw Failure(what + " takes exactly one argument (0 given)");
        const auto& affix = require_string(*args[0], what + "'s argument");
        if (name == "removeprefix")
            return Value::string(s.starts_with(affix) ? s.substr(affix.size()) : s);
        return Value::string(s.ends_with(affix) ? s.substr(0, s.size() - affix.size()) : s);
    }
    if (name == "isspace" || name == "isdigit" || name == "islower" || name == "isupper") {
        bind_arguments(what, arguments, {});
        if (name == "isspace")
            return Value::boolean(all_characters(s, is_python_space));
        if (name == "isdigit")
            return Value::boolean(
                all_characters(s, [](char32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }));
        return Value::boolean(case_test(s, name == "islower"));
    }
    throw Failure("unsupported method " + what);
}

Value dict_method(Budget& budget, const Value& receiver, std::string_view name, const CallArguments& arguments)
{
    const Dict& dict = receiver.dict_value();
    const std::string what = describe(receiver, name);
    if (name == "items" || name == "keys" || name == "values") {
        bind_arguments(what, arguments, {});
        budget.charge_items(dict.size() * (name == "items" ? 3 : 1));
        std::vector<Value> out;
        out.reserve(dict.size());
        for (const auto& [key, value] : dict.entries()) {
            if (name == "items")
                out.push_back(Value::tuple({ key, value }));
            else
                out.push_back(name == "keys" ? key : value);
        }
        const SequenceView view = name == "items" ? SequenceView::DictItems
            : name == "keys"                      ? SequenceView::DictKeys
                                                  : SequenceView::DictValues;
        return Value::view(view, std::move(out));
    }
    if (name == "get") {
        const auto args = bind_arguments(what, arguments, { "key", "default" });
        if (!args[0])
            throw Failure(what + " takes at least 1 argument (0 given)");
        require_hashable(*args[0]);
        budget.charge(1 + dict.size() * args[0]->weight() / 4);
        if (const Value* found = dict.find(*args[0]))
            return *found;
        return args[1].value_or(Value::none());
    }
    if (name == "copy")
        return receiver;
    throw Failure(what + " is not allowed: templates cannot change a dict (use namespace() for state)");
}

Value sequence_method(Budget& budget, const Value& receiver, std::string_view name, const CallArguments& arguments)
{
    const std::string what = describe(receiver, name);
    if (name == "count" || name == "index") {
        const auto args = bind_arguments(what, arguments, { "value" });
        if (!args[0])
            throw Failure(what + " takes exactly one argument (0 given)");
        std::int64_t count = 0;
        const auto& items = receiver.items();
        budget.charge(receiver.weight() + items.size() * args[0]->weight());
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!python_equal(items[i], *args[0]))
                continue;
            if (name == "index")
                return Value::integer(static_cast<std::int64_t>(i));
            ++count;
        }
        if (name == "index")
            throw Failure(to_repr(*args[0]) + " is not in " + type_name(receiver));
        return Value::integer(count);
    }
    if (name == "copy")
        return receiver;
    throw Failure(what + " is not allowed: templates cannot change a list (use namespace() for state)");
}

} // namespace

Value call_method(Budget& budget, const Value& receiver, std::string_view name, const CallArguments& arguments)
{
    switch (receiver.kind()) {
    case Value::Kind::String:
        return string_method(budget, receiver, name, arguments);
    case Value::Kind::Dict:
        return dict_method(budget, receiver, name, arguments);
    case Value::Kind::List:
    case Value::Kind::Tuple:
        return sequence_method(budget, receiver, name, arguments);
    default:
        throw Failure("'" + type_name(receiver) + "' object has no method " + std::string(name) + "()");
    }
}

} // namespace hearth::jinja
