#include "engine/text/template/json_dump.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "engine/text/template/failure.h"
#include "engine/text/template/python_repr.h"
#include "engine/text/template/python_semantics.h"
#include "engine/text/template/unicode.h"

namespace hearth::jinja {

namespace {

class JsonWriter {
public:
    JsonWriter(const JsonStyle& style, Budget& budget)
        : m_style(style)
        , m_budget(budget)
    { }

    std::string take() { return std::move(m_out); }

    void write(const Value& value, int level)
    {
        m_budget.check_size(m_out.size());
        switch (value.kind()) {
        case Value::Kind::None:
            m_out += "null";
            return;
        case Value::Kind::Boolean:
            m_out += value.boolean_value() ? "true" : "false";
            return;
        case Value::Kind::Integer:
            m_out += std::to_string(value.integer_value());
            return;
        case Value::Kind::Float:
            write_float(value.number_value());
            return;
        case Value::Kind::String:
            write_string(value.string_value());
            return;
        case Value::Kind::List:
        case Value::Kind::Tuple:
            if (value.sequence_view() != SequenceView::None)
                break;
            write_list(value.items(), level);
            return;
        case Value::Kind::Dict:
            write_dict(value.dict_value(), level);
            return;
        default:
            break;
        }
        throw Failure("Object of type " + type_name(value) + " is not JSON serializable");
    }

private:
    void write_float(double value)
    {
        if (value != value)
            m_out += "NaN";
        else if (value == std::numeric_limits<double>::infinity())
            m_out += "Infinity";
        else if (value == -std::numeric_limits<double>::infinity())
            m_out += "-Infinity";
        else
            m_out += float_repr(value);
    }

    void write_string(const std::string& text)
    {
        m_budget.charge_text(text.size());
        m_out += '"';
        for (std::size_t i = 0; i < text.size();) {
            const std::size_t start = i;
            const char32_t c = decode_utf8(text, i);
            switch (c) {
            case '"':
                m_out += "\\\"";
                break;
            case '\\':
                m_out += "\\\\";
                break;
            case '\n':
                m_out += "\\n";
                break;
            case '\r':
                m_out += "\\r";
                break;
            case '\t':
                m_out += "\\t";
                break;
            case '\b':
                m_out += "\\b";
                break;
            case '\f':
                m_out += "\\f";
                break;
            default:
                if (c < 0x20 || (m_style.ensure_ascii && c > 0x7E))
                    write_escape(c);
                else
                    m_out.append(text, start, i - start);
            }
        }
        m_out += '"';
    }

    // \u00XX, and for ensure_ascii characters past the BMP as surrogate pairs.
    void write_escape(char32_t c)
    {
        char escape[16];
        if (c > 0xFFFF) {
            const char32_t v = c - 0x10000;
            std::snprintf(escape, sizeof escape, "\\u%04x\\u%04x", static_cast<unsigned>(0xD800 | (v >> 10)),
                static_cast<unsigned>(0xDC00 | (v & 0x3FF)));
        } else {
            std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
        }
        m_out += escape;
    }

    void newline(int level)
    {
        const std::size_t bytes = static_cast<std::size_t>(level) * m_style.indent->size();
        m_budget.charge_text(bytes);
        m_budget.check_size(m_out.size() + bytes + 1);
        m_out += '\n';
        for (int i = 0; i < level; ++i)
            m_out += *m_style.indent;
    }

    void write_list(const std::vector<Value>& items, int level)
    {
        if (items.empty()) {
            m_out += "[]";
            return;
        }
        m_out += '[';
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i)
                m_out += m_style.item_separator;
            if (m_style.indent)
                newline(level + 1);
            write(items[i], level + 1);
        }
        if (m_style.indent)
            newline(level);
        m_out += ']';
    }

    // json turns keys that are not strings into strings, as Python writes them in JSON.
    void write_key(const Value& key)
    {
        switch (key.kind()) {
        case Value::Kind::String:
            write_string(key.string_value());
            return;
        case Value::Kind::None:
        case Value::Kind::Boolean:
        case Value::Kind::Integer:
        case Value::Kind::Float:
            m_out += '"';
            write(key, 0);
            m_out += '"';
            return;
        default:
            throw Failure("keys must be str, int, float, bool or None, not " + type_name(key));
        }
    }

    void write_dict(const Dict& dict, int level)
    {
        if (dict.empty()) {
            m_out += "{}";
            return;
        }
        std::vector<const std::pair<Value, Value>*> entries;
        entries.reserve(dict.size());
        for (const auto& entry : dict.entries())
            entries.push_back(&entry);
        if (m_style.sort_keys) {
            std::stable_sort(entries.begin(), entries.end(),
                [](const auto* a, const auto* b) { return python_less(a->first, b->first); });
        }
        m_out += '{';
        bool first = true;
        for (const auto* entry : entries) {
            if (!first)
                m_out += m_style.item_separator;
            first = false;
            if (m_style.indent)
                newline(level + 1);
            write_key(entry->first);
            m_out += m_style.key_separator;
            write(entry->second, level + 1);
        }
        if (m_style.indent)
            newline(level);
        m_out += '}';
    }

    const JsonStyle& m_style;
    Budget& m_budget;
    std::string m_out;
};

} // namespace

std::string json_dumps(const Value& value, const JsonStyle& style, Budget& budget)
{
    JsonWriter writer(style, budget);
    writer.write(value, 0);
    auto out = writer.take();
    budget.check_size(out.size());
    return out;
}

} // namespace hearth::jinja
