#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hearth {

// Metadata value types as numbered in the GGUF specification.
enum class GgufType : std::uint32_t {
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
};

std::string_view gguf_type_name(GgufType type);

// An array value, still in its file encoding. Arrays hold whole vocabularies
// (150 000 strings): decoding them only when asked keeps opening a model cheap
// and lets a hostile count cost nothing. The reader has validated `encoded`.
struct GgufArray {
    GgufType element_type = GgufType::UInt8;
    std::uint64_t count = 0;
    std::span<const std::byte> encoded; // exactly the bytes of the elements
};

// One metadata value. Strings and arrays point into the file's bytes, so a
// value lives no longer than the GgufFile it came from.
class GgufValue {
public:
    using Storage = std::variant<std::uint64_t, std::int64_t, double, bool, std::string_view, GgufArray>;

    GgufValue() = default;
    GgufValue(GgufType type, Storage storage)
        : m_type(type)
        , m_storage(storage)
    { }

    GgufType type() const { return m_type; }

    // Any integer type that holds a non-negative value.
    std::optional<std::uint64_t> as_uint() const;
    std::optional<std::int64_t> as_int() const;
    // Float32/Float64, and integers converted.
    std::optional<double> as_float() const;
    std::optional<bool> as_bool() const;
    std::optional<std::string_view> as_string() const;
    const GgufArray* as_array() const { return std::get_if<GgufArray>(&m_storage); }

    // Decoded array elements; each element is itself a GgufValue (arrays nest).
    std::vector<GgufValue> elements() const;
    std::vector<std::string_view> strings() const;
    // Numeric arrays decoded straight into numbers (empty when not numeric):
    // vocabularies carry 150 000-entry score and type arrays.
    std::vector<std::int64_t> integers() const;
    std::vector<double> reals() const;

    // A short human-readable rendering: scalars whole, arrays summarised.
    std::string to_display_string(std::size_t max_elements = 8) const;

private:
    GgufType m_type = GgufType::UInt8;
    Storage m_storage = std::uint64_t { 0 };
};

} // namespace hearth
