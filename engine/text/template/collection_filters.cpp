#include <algorithm>
#include <string>

#include "engine/text/template/access.h"
#include "engine/text/template/arithmetic.h"
#include "engine/text/template/failure.h"
#include "engine/text/template/filters.h"
#include "engine/text/template/jinja_tests.h"
#include "engine/text/template/python_repr.h"
#include "engine/text/template/python_semantics.h"
#include "engine/text/template/unicode.h"

// Filters on lists and dicts. Those that are generators in jinja2 (map,
// select, unique...) return a generator view: it iterates, but has no length
// and cannot become JSON until |list makes it a list.
namespace hearth::jinja {

namespace {

// jinja2's make_attrgetter: "a.b.0" looks up a, then b, then index 0.
std::vector<Value> attribute_path(const Value& attribute)
{
    if (!attribute.is_string())
        return { attribute };
    std::vector<Value> parts;
    const std::string& path = attribute.string_value();
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const bool digits
            = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits && part.size() < 19)
            parts.push_back(Value::integer(std::stoll(part)));
        else
            parts.push_back(Value::string(part));
        if (dot == std::string::npos)
            return parts;
        start = dot + 1;
    }
}

Value look_up(Value item, const std::vector<Value>& path, const std::optional<Value>& fallback = std::nullopt)
{
    for (const auto& part : path) {
        item = get_item(item, part);
        if (fallback && !fallback->is_none() && item.is_undefined())
            item = *fallback;
    }
    return item;
}

// Sorting compares each key about log2(n) times, each comparison walking both keys.
void charge_sort(Budget& budget, std::uint64_t key_weights, std::size_t count)
{
    std::uint64_t rounds = 1;
    for (std::size_t n = count; n > 1; n >>= 1)
        ++rounds;
    budget.charge(key_weights > UINT64_MAX / rounds ? UINT64_MAX : key_weights * rounds);
}

// Sorting and min/max compare strings without case unless asked.
Value fold_case(const Value& value, bool case_sensitive)
{
    return !case_sensitive && value.is_string() ? Value::string(lower(value.string_value())) : value;
}

Value filter_length(Budget&, const Value& input, const CallArguments& arguments)
{
    bind_arguments("filter 'length'", arguments, {});
    return Value::integer(static_cast<std::int64_t>(python_len(input)));
}

Value filter_first(Budget& budget, const Value& input, const CallArguments& arguments)
{
    bind_arguments("filter 'first'", arguments, {});
    const auto items = iterate(input, budget);
    if (items->empty())
        return Value::undefined("No first item, sequence was empty.");
    return items->front();
}

Value filter_last(Budget& budget, const Value& input, const CallArguments& arguments)
{
    bind_arguments("filter 'last'", arguments, {});
    if (is_iterator(input) || (!input.is_undefined() && !input.is_string() && !input.is_sequence() && !input.is_dict()))
        throw Failure("'" + type_name(input) + "' object is not reversible");
    const auto items = iterate(input, budget);
    if (items->empty())
        return Value::undefined("No last item, sequence was empty.");
    return items->back();
}

Value filter_list(Budget& budget, const Value& input, const CallArguments& arguments)
{
    bind_arguments("filter 'list'", arguments, {});
    if (input.kind() == Value::Kind::List && input.sequence_view() == SequenceView::None)
        return input;
    const auto items = iterate(input, budget);
    budget.charge_items(items->size());
    return Value::list(*items);
}

Value items_now(Budget& budget, const Value& input, const CallArguments& arguments)
{
    bind_arguments("filter 'items'", arguments, {});
    if (input.is_undefined())
        return Value::view(SequenceView::Generator, {});
    if (!input.is_dict())
        throw Failure("Can only get item pairs from a mapping.");
    budget.charge_items(input.dict_value().size() * 3);
    std::vector<Value> pairs;
    pairs.reserve(input.dict_value().size());
    for (const auto& [key, value] : input.dict_value().entries())
        pairs.push_back(Value::tuple({ key, value }));
    return Value::view(SequenceView::Generator, std::move(pairs));
}

Value filter_join(Budget& budget, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'join'", arguments, { "d", "attribute" });
    const std::string separator = args[0] ? to_str(*args[0]) : std::string();
    const auto path = args[1] && !args[1]->is_none() ? attribute_path(*args[1]) : std::vector<Value> {};
    const auto items = iterate(input, budget);
    std::string out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        if (i)
            out += separator;
        append_str(out, look_up((*items)[i], path));
        budget.check_size(out.size());
    }
    budget.charge_text(out.size());
    return Value::string(std::move(out));
}

Value filter_reverse(Budget& budget, const Value& input, const CallArguments& arguments)
{
    bind_arguments("filter 'reverse'", arguments, {});
    if (input.is_string()) {
        const auto& s = input.string_value();
        std::string out;
        out.reserve(s.size());
        std::size_t end = s.size();
        while (end > 0) {
            std::size_t start = end - 1;
            while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
                --start;
            out.append(s, start, end - start);
            end = start;
        }
        return Value::string(std::move(out));
    }
    if (!input.is_undefined() && !input.is_sequence() && !input.is_dict())
        throw Failure("argument must be iterable");
    const auto items = iterate(input, budget);
    budget.charge_items(items->size());
    std::vector<Value> reversed(items->rbegin(), items->rend());
    // reversed() of a list or dict is an iterator; a generator becomes a list first.
    if (is_iterator(input))
        return Value::list(std::move(reversed));
    return Value::view(SequenceView::ReverseIterator, std::move(reversed));
}

// map(attribute='name', default=...) or map('filter', args...).
Value map_now(Budget& budget, const Value& input, const CallArguments& arguments)
{
    if (!truthy(input)) // jinja2 maps nothing over a false value, whatever it is
        return Value::view(SequenceView::Generator, {});
    const auto items = iterate(input, budget);
    std::vector<Value> out;
    out.reserve(items->size());
    budget.charge_items(items->size());
    const auto attribute = std::find_if(arguments.keyword.begin(), arguments.keyword.end(),
        [](const auto& entry) { return entry.first == "attribute"; });
    if (arguments.positional.empty() && attribute != arguments.keyword.end()) {
        std::optional<Value> fallback;
        for (const auto& [name, value] : arguments.keyword) {
            if (name == "default")
                fallback = value;
            else if (name != "attribute")
                throw Failure("filter 'map' got an unexpected keyword argument '" + name + "'");
        }
        const auto path = attribute_path(attribute->second);
        for (const auto& item : *items)
            out.push_back(look_up(item, path, fallback));
        return Value::view(SequenceView::Generator, std::move(out));
    }
    if (arguments.positional.empty())
        throw Failure("filter 'map' needs a filter name or attribute=");
    const auto& name = require_string(arguments.positional.front(), "map's filter name");
    const FilterFunction filter = find_filter(name);
    if (!filter)
        throw Failure(missing_filter_reason(name));
    CallArguments rest { { arguments.positional.begin() + 1, arguments.positional.end() }, arguments.keyword };
    for (const auto& item : *items)
        out.push_back(filter(budget, item, rest));
    return Value::view(SequenceView::Generator, std::move(out));
}

// select, reject, selectattr, rejectattr: keep the items whose test (or
// truth) is `keep`.
Value select_items(Budget& budget, const Value& input, const CallArguments& arguments, bool by_attribute, bool keep,
    std::string_view filter_name)
{
    if (!truthy(input))
        return Value::view(SequenceView::Generator, {});
    std::size_t next = 0;
    std::vector<Value> path;
    if (by_attribute) {
        if (arguments.positional.empty())
            throw Failure("filter '" + std::string(filter_name) + "' needs the name of an attribute");
        path = attribute_path(arguments.positional[next++]);
    }
    TestFunction test = nullptr;
    CallArguments test_arguments;
    if (next < arguments.positional.size()) {
        const auto& name = require_string(arguments.positional[next++], std::string(filter_name) + "'s test name");
        test = find_test(name);
        if (!test)
            throw Failure(missing_test_reason(name));
        test_arguments.positional.assign(
            arguments.positional.begin() + static_cast<std::ptrdiff_t>(next), arguments.positional.end());
        test_arguments.keyword = arguments.keyword;
    }
    const auto items = iterate(input, budget);
    budget.charge_items(items->size());
    std::vector<Value> out;
    for (const auto& item : *items) {
        const Value subject = look_up(item, path);
        const bool passed = test ? test(budget, subject, test_arguments) : truthy(subject);
        if (passed == keep)
            out.push_back(item);
    }
    return Value::view(SequenceView::Generator, std::move(out));
}

Value select_now(Budget& budget, const Value& input, const CallArguments& arguments)
{
    return select_items(budget, input, arguments, false, true, "select");
}

Value reject_now(Budget& budget, const Value& input, const CallArguments& arguments)
{
    return select_items(budget, input, arguments, false, false, "reject");
}

Value selectattr_now(Budget& budget, const Value& input, const CallArguments& arguments)
{
    return select_items(budget, input, arguments, true, true, "selectattr");
}

Value rejectattr_now(Budget& budget, const Value& input, const CallArguments& arguments)
{
    return select_items(budget, input, arguments, true, false, "rejectattr");
}

// The keys sort and min/max compare: each attribute of a comma-separated list.
std::vector<std::vector<Value>> sort_paths(const std::optional<Value>& attribute)
{
    if (!attribute || attribute->is_none())
        return { {} };
    if (!attribute->is_string())
        return { attribute_path(*attribute) };
    std::vector<std::vector<Value>> paths;
    const std::string& list = attribute->string_value();
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = list.find(',', start);
        paths.push_back(attribute_path(
            Value::string(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start))));
        if (comma == std::string::npos)
            return paths;
        start = comma + 1;
    }
}

Value sort_key(const Value& item, const std::vector<std::vector<Value>>& paths, bool case_sensitive)
{
    std::vector<Value> key;
    key.reserve(paths.size());
    for (const auto& path : paths)
        key.push_back(fold_case(look_up(item, path), case_sensitive));
    return Value::list(std::move(key));
}

Value filter_sort(Budget& budget, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'sort'", arguments, { "reverse", "case_sensitive", "attribute" });
    const bool reverse = args[0] && truthy(*args[0]);
    const bool case_sensitive = args[1] && truthy(*args[1]);
    const auto paths = sort_paths(args[2]);
    const auto items = iterate(input, budget);
    budget.charge_items(items->size() * 2);
    std::vector<std::pair<Value, Value>> keyed; // key, item
    keyed.reserve(items->size());
    std::uint64_t key_weights = 0;
    for (const auto& item : *items) {
        keyed.emplace_back(sort_key(item, paths, case_sensitive), item);
        key_weights += keyed.back().first.weight();
    }
    charge_sort(budget, key_weights, keyed.size());
    // Stable, and reverse keeps equal items in order, as Python's sorted(reverse=True).
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
        return reverse ? python_less(b.first, a.first) : python_less(a.first, b.first);
    });
    std::vector<Value> out;
    out.reserve(keyed.size());
    for (auto& [key, item] : keyed)
        out.push_back(std::move(item));
    return Value::list(std::move(out));
}

Value filter_dictsort(Budget& budget, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'dictsort'", arguments, { "case_sensitive", "by", "reverse" });
    const bool case_sensitive = args[0] && truthy(*args[0]);
    const std::string by = args[1] ? require_string(*args[1], "dictsort's by") : "key";
    const bool reverse = args[2] && truthy(*args[2]);
    if (by != "key" && by != "value")
        throw Failure("You can only sort by either \"key\" or \"value\"");
    if (!input.is_dict())
        throw Failure("filter 'dictsort' needs a dict, not '" + type_name(input) + "'");
    const auto& entries = input.dict_value().entries();
    budget.charge_items(entries.size() * 2);
    std::vector<const std::pair<Value, Value>*> sorted;
    std::uint64_t key_weights = 0;
    for (const auto& entry : entries) {
        sorted.push_back(&entry);
        key_weights += (by == "key" ? entry.first : entry.second).weight();
    }
    charge_sort(budget, key_weights, sorted.size());
    std::stable_sort(sorted.begin(), sorted.end(), [&](const auto* a, const auto* b) {
        const Value x = fold_case(by == "key" ? a->first : a->second, case_sensitive);
        const Value y = fold_case(by == "key" ? b->first : b->second, case_sensitive);
        return reverse ? python_less(y, x) : python_less(x, y);
    });
    std::vector<Value> out;
    out.reserve(sorted.size());
    for (const auto* entry : sorted)
        out.push_back(Value::tuple({ entry->first, entry->second }));
    return Value::list(std::move(out));
}

Value unique_now(Budget& budget, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'unique'", arguments, { "case_sensitive", "attribute" });
    const bool case_sensitive = args[0] && truthy(*args[0]);
    const auto path = args[1] && !args[1]->is_none() ? attribute_path(*args[1]) : std::vector<Value> {};
    const auto items = iterate(input, budget);
    std::vector<Value> seen;
    std::vector<Value> out;
    for (const auto& item : *items) {
        const Value key = fold_case(look_up(item, path), case_sensitive);
        require_hashable(key);
        const std::uint64_t comparisons = seen.size() + 1;
        budget.charge(key.weight() > UINT64_MAX / comparisons ? UINT64_MAX : key.weight() * comparisons);
        if (std::any_of(seen.begin(), seen.end(), [&](const Value& other) { return python_equal(other, key); }))
            continue;
        seen.push_back(key);
        out.push_back(item);
    }
    return Value::view(SequenceView::Generator, std::move(out));
}

Value min_or_max(Budget& budget, const Value& input, const CallArguments& arguments, bool maximum)
{
    const auto args
        = bind_arguments(maximum ? "filter 'max'" : "filter 'min'", arguments, { "case_sensitive", "attribute" });
    const bool case_sensitive = args[0] && truthy(*args[0]);
    const auto path = args[1] && !args[1]->is_none() ? attribute_path(*args[1]) : std::vector<Value> {};
    const auto items = iterate(input, budget);
    if (items->empty())
        return Value::undefined("No aggregated item, sequence was empty.");
    budget.charge_items(items->size());
    std::size_t best = 0;
    Value best_key = fold_case(look_up(items->front(), path), case_sensitive);
    for (std::size_t i = 1; i < items->size(); ++i) {
        Value key = fold_case(look_up((*items)[i], path), case_sensitive);
        budget.charge(key.weight() + best_key.weight());
        // Python's max keeps the first of equal items, and so does min.
        if (maximum ? python_less(best_key, key, ">") : python_less(key, best_key)) {
            best = i;
            best_key = std::move(key);
        }
    }
    return (*items)[best];
}

Value filter_min(Budget& budget, const Value& input, const CallArguments& arguments)
{
    return min_or_max(budget, input, arguments, false);
}

Value filter_max(Budget& budget, const Value& input, const CallArguments& arguments)
{
    return min_or_max(budget, input, arguments, true);
}

Value filter_sum(Budget& budget, const Value& input, const CallArguments& arguments)
{
    const auto args = bind_arguments("filter 'sum'", arguments, { "attribute", "start" });
    const auto path = args[0] && !args[0]->is_none() ? attribute_path(*args[0]) : std::vector<Value> {};
    Value total = args[1].value_or(Value::integer(0));
    if (total.is_string())
        throw Failure("sum() can't sum strings [use ''.join(seq) instead]");
    const auto items = iterate(input, budget);
    budget.charge_items(items->size());
    for (const auto& item : *items)
        total = arithmetic(ast::BinaryOperator::Add, total, look_up(item, path), budget);
    return total;
}

// jinja2's map, select, unique, items... are generators: they do their work,
// and fail, only when something iterates the result. This does the work now
// and keeps a failure for then.
template <FilterFunction Work> Value generator(Budget& budget, const Value& input, const CallArguments& arguments)
{
    try {
        return Work(budget, input, arguments);
    } catch (const Failure& failure) {
        return Value::failed_generator(failure.what());
    }
}

struct NamedFilter {
    std::string_view name;
    FilterFunction function;
};

constexpr NamedFilter kCollectionFilters[] = {
    { "count", filter_length },
    { "dictsort", filter_dictsort },
    { "first", filter_first },
    { "items", generator<items_now> },
    { "join", filter_join },
    { "last", filter_last },
    { "length", filter_length },
    { "list", filter_list },
    { "map", generator<map_now> },
    { "max", filter_max },
    { "min", filter_min },
    { "reject", generator<reject_now> },
    { "rejectattr", generator<rejectattr_now> },
    { "reverse", filter_reverse },
    { "select", generator<select_now> },
    { "selectattr", generator<selectattr_now> },
    { "sort", filter_sort },
    { "sum", filter_sum },
    { "unique", generator<unique_now> },
};

} // namespace

FilterFunction find_collection_filter(std::string_view name)
{
    for (const auto& filter : kCollectionFilters) {
        if (filter.name == name)
            return filter.function;
    }
    return nullptr;
}

} // namespace hearth::jinja
