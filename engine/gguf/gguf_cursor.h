#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "engine/gguf/gguf_value.h"

namespace hearth {

// Reads little-endian GGUF encodings from a byte range. Every read checks the
// range first; a failed check calls `fail`, which throws and never returns.
// Internal to the reader: GgufFile and GgufValue share it.
class GgufCursor {
public:
    using FailFn = void (*)(const void* context, const std::string& what, std::uint64_t at);

    GgufCursor(std::span<const std::byte> bytes, std::uint64_t base, FailFn fail, const void* context)
        : m_bytes(bytes)
        , m_base(base)
        , m_fail(fail)
        , m_context(context)
    { }

    std::uint64_t position() const { return m_base + m_pos; } // absolute, for messages
    std::uint64_t remaining() const { return m_bytes.size() - m_pos; }

    template <typename T> T read(const char* what)
    {
        need(sizeof(T), what);
        T value;
        std::memcpy(&value, m_bytes.data() + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return value;
    }

    std::string_view read_string(const char* what)
    {
        const auto length = read<std::uint64_t>(what);
        need(length, what);
        std::string_view text(reinterpret_cast<const char*>(m_bytes.data() + m_pos), length);
        m_pos += length;
        return text;
    }

    std::span<const std::byte> take(std::uint64_t length, const char* what)
    {
        need(length, what);
        auto part = m_bytes.subspan(m_pos, length);
        m_pos += length;
        return part;
    }

    // Reads one value of `type`, checking nested arrays down to kMaxDepth.
    GgufValue read_value(GgufType type, int depth = 0);

    [[noreturn]] void fail(const std::string& what) const
    {
        m_fail(m_context, what, position());
        std::abort(); // unreachable: m_fail throws
    }

    static constexpr int kMaxDepth = 16;

private:
    void need(std::uint64_t length, const char* what) const
    {
        if (length > remaining())
            fail(std::string(what) + ": needs " + std::to_string(length) + " bytes but only "
                + std::to_string(remaining()) + " remain");
    }

    std::span<const std::byte> m_bytes;
    std::uint64_t m_base;
    std::uint64_t m_pos = 0;
    FailFn m_fail;
    const void* m_context;
};

// Bytes of one scalar of `type`; 0 for String and Array (variable) and for
// unknown types.
std::uint64_t gguf_scalar_size(GgufType type);
bool gguf_type_known(std::uint32_t type);

} // namespace hearth
