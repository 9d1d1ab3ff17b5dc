#include "engine/gguf/gguf_value.h"

#include <cstdint>
#include <stdexcept>
#include <type_traits>

#include "engine/gguf/gguf_cursor.h"

namespace hearth {
namespace {

// Elements were validated when the file was parsed, so a failure here means a
// bug in the reader, not a bad file.
void fail_decoded(const void*, const std::string& what, std::uint64_t)
{
    throw std::logic_error("GGUF array decoding: " + what);
}

template <typename T> GgufValue::Storage widen(T value)
{
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>)
        return static_cast<double>(value);
    else if constexpr (std::is_signed_v<T>)
        return static_cast<std::int64_t>(value);
    else
        return static_cast<std::uint64_t>(value);
}

} // namespace

std::string_view gguf_type_name(GgufType type)
{
    switch (type) {
    case GgufType::UInt8:
        return "uint8";
    case GgufType::Int8:
        return "int8";
    case GgufType::UInt16:
        return "uint16";
    case GgufType::Int16:
        return "int16";
    case GgufType::UInt32:
        return "uint32";
    case GgufType::Int32:
        return "int32";
    case GgufType::Float32:
        return "float32";
    case GgufType::Bool:
        return "bool";
    case GgufType::String:
        return "string";
    case GgufType::Array:
        return "array";
    case GgufType::UInt64:
        return "uint64";
    case GgufType::Int64:
        return "int64";
    case GgufType::Float64:
        return "float64";
    }
    return "unknown";
}

bool gguf_type_known(std::uint32_t type)
{
    return type <= static_cast<std::uint32_t>(GgufType::Float64);
}

std::uint64_t gguf_scalar_size(GgufType type)
{
    switch (type) {
    case GgufType::UInt8:
    case GgufType::Int8:
    case GgufType::Bool:
        return 1;
    case GgufType::UInt16:
    case GgufType::Int16:
        return 2;
    case GgufType::UInt32:
    case GgufType::Int32:
    case GgufType::Float32:
        return 4;
    case GgufType::UInt64:
    case GgufType::Int64:
    case GgufType::Float64:
        return 8;
    case GgufType::String:
    case GgufType::Array:
        return 0;
    }
    return 0;
}

GgufValue GgufCursor::read_value(GgufType type, int depth)
{
    switch (type) {
    case GgufType::UInt8:
        return { type, widen(read<std::uint8_t>("uint8 value")) };
    case GgufType::Int8:
        return { type, widen(read<std::int8_t>("int8 value")) };
    case GgufType::UInt16:
        return { type, widen(read<std::uint16_t>("uint16 value")) };
    case GgufType::Int16:
        return { type, widen(read<std::int16_t>("int16 value")) };
    case GgufType::UInt32:
        return { type, widen(read<std::uint32_t>("uint32 value")) };
    case GgufType::Int32:
        return { type, widen(read<std::int32_t>("int32 value")) };
    case GgufType::Float32:
        return { type, widen(read<float>("float32 value")) };
    case GgufType::UInt64:
        return { type, widen(read<std::uint64_t>("uint64 value")) };
    case GgufType::Int64:
        return { type, widen(read<std::int64_t>("int64 value")) };
    case GgufType::Float64:
        return { type, widen(read<double>("float64 value")) };
    case GgufType::Bool: {
        const auto byte = read<std::uint8_t>("bool value");
        if (byte > 1)
            fail("bool value is " + std::to_string(byte) + ", not 0 or 1");
        return { type, byte == 1 };
    }
    case GgufType::String:
        return { type, read_string("string value") };
    case GgufType::Array:
        break;
    }

    if (depth >= kMaxDepth)
        fail("arrays nested deeper than " + std::to_string(kMaxDepth) + " levels");
    const auto element_raw = read<std::uint32_t>("array element type");
    if (!gguf_type_known(element_raw))
        fail("array element type " + std::to_string(element_raw) + " is not a GGUF type");
    const auto element = static_cast<GgufType>(element_raw);
    const auto count = read<std::uint64_t>("array length");
    const auto scalar = gguf_scalar_size(element);
    // The smallest encoding of one element bounds the count before any work.
    const std::uint64_t smallest = scalar ? scalar : element == GgufType::String ? 8 : 12;
    if (count > remaining() / smallest)
        fail("array of " + std::to_string(count) + " " + std::string(gguf_type_name(element))
            + " elements cannot fit in the " + std::to_string(remaining()) + " bytes that remain");
    if (scalar) {
        auto encoded = take(count * scalar, "array elements");
        if (element == GgufType::Bool)
            for (const auto byte : encoded)
                if (std::to_integer<unsigned>(byte) > 1)
                    fail("bool array element is " + std::to_string(std::to_integer<unsigned>(byte)) + ", not 0 or 1");
        return { type, GgufArray { element, count, encoded } };
    }
    const auto first = m_pos;
    for (std::uint64_t i = 0; i < count; ++i)
        read_value(element, depth + 1);
    return { type, GgufArray { element, count, m_bytes.subspan(first, m_pos - first) } };
}

std::optional<std::uint64_t> GgufValue::as_uint() const
{
    if (const auto* u = std::get_if<std::uint64_t>(&m_storage))
        return *u;
    if (const auto* i = std::get_if<std::int64_t>(&m_storage); i && *i >= 0)
        return static_cast<std::uint64_t>(*i);
    return std::nullopt;
}

std::optional<std::int64_t> GgufValue::as_int() const
{
    if (const auto* i = std::get_if<std::int64_t>(&m_storage))
        return *i;
    if (const auto* u = std::get_if<std::uint64_t>(&m_storage); u && *u <= INT64_MAX)
        return static_cast<std::int64_t>(*u);
    return std::nullopt;
}

std::optional<double> GgufValue::as_float() const
{
    if (const auto* d = std::get_if<double>(&m_storage))
        return *d;
    if (const auto* i = std::get_if<std::int64_t>(&m_storage))
        return static_cast<double>(*i);
    if (const auto* u = std::get_if<std::uint64_t>(&m_storage))
        return static_cast<double>(*u);
    return std::nullopt;
}

std::optional<bool> GgufValue::as_bool() const
{
    if (const auto* b = std::get_if<bool>(&m_storage))
        return *b;
    return std::nullopt;
}

std::optional<std::string_view> GgufValue::as_string() const
{
    if (const auto* s = std::get_if<std::string_view>(&m_storage))
        return *s;
    return std::nullopt;
}

std::vector<GgufValue> GgufValue::elements() const
{
    std::vector<GgufValue> out;
    const auto* array = as_array();
    if (!array)
        return out;
    out.reserve(array->count);
    GgufCursor cursor(array->encoded, 0, fail_decoded, nullptr);
    for (std::uint64_t i = 0; i < array->count; ++i)
        out.push_back(cursor.read_value(array->element_type, 1));
    return out;
}

std::vector<std::string_view> GgufValue::strings() const
{
    std::vector<std::string_view> out;
    const auto* array = as_array();
    if (!array || array->element_type != GgufType::String)
        return out;
    out.reserve(array->count);
    GgufCursor cursor(array->encoded, 0, fail_decoded, nullptr);
    for (std::uint64_t i = 0; i < array->count; ++i)
        out.push_back(cursor.read_string("string element"));
    return out;
}

namespace {

template <typename T> std::vector<T> numbers_of(const GgufArray* array)
{
    std::vector<T> out;
    if (!array || array->element_type == GgufType::String || array->element_type == GgufType::Array)
        return out;
    out.reserve(array->count);
    GgufCursor cursor(array->encoded, 0, fail_decoded, nullptr);
    for (std::uint64_t i = 0; i < array->count; ++i) {
        const auto value = cursor.read_value(array->element_type, 1);
        if constexpr (std::is_same_v<T, double>)
            out.push_back(*value.as_float());
        else
            out.push_back(value.as_int().value_or(0));
    }
    return out;
}

} // namespace

std::vector<std::int64_t> GgufValue::integers() const
{
    return numbers_of<std::int64_t>(as_array());
}

std::vector<double> GgufValue::reals() const
{
    return numbers_of<double>(as_array());
}

std::string GgufValue::to_display_string(std::size_t max_elements) const
{
    if (const auto* array = as_array()) {
        std::string text = "[";
        const auto shown = elements();
        for (std::size_t i = 0; i < shown.size() && i < max_elements; ++i)
            text += (i ? ", " : "") + shown[i].to_display_string(max_elements);
        if (shown.size() > max_elements)
            text += ", … (" + std::to_string(array->count) + " in all)";
        return text + "]";
    }
    if (auto s = as_string())
        return "\"" + std::string(*s) + "\"";
    if (auto b = as_bool())
        return *b ? "true" : "false";
    if (const auto* d = std::get_if<double>(&m_storage))
        return std::to_string(*d);
    if (auto i = as_int())
        return std::to_string(*i);
    return std::to_string(*as_uint());
}

} // namespace hearth
