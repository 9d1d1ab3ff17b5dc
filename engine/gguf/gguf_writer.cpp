#include "engine/gguf/gguf_writer.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace hearth {
namespace {

template <typename T> void put(std::vector<std::byte>& out, T value)
{
    const auto* bytes = reinterpret_cast<const std::byte*>(&value);
    out.insert(out.end(), bytes, bytes + sizeof(T));
}

void put_string(std::vector<std::byte>& out, std::string_view text)
{
    put<std::uint64_t>(out, text.size());
    const auto* bytes = reinterpret_cast<const std::byte*>(text.data());
    out.insert(out.end(), bytes, bytes + text.size());
}

} // namespace

void GgufWriter::begin_key(std::string_view key, GgufType type)
{
    put_string(m_metadata, key);
    put<std::uint32_t>(m_metadata, static_cast<std::uint32_t>(type));
    ++m_metadata_count;
}

void GgufWriter::set_uint32(std::string_view key, std::uint32_t value)
{
    begin_key(key, GgufType::UInt32);
    put(m_metadata, value);
}
void GgufWriter::set_int32(std::string_view key, std::int32_t value)
{
    begin_key(key, GgufType::Int32);
    put(m_metadata, value);
}
void GgufWriter::set_uint64(std::string_view key, std::uint64_t value)
{
    begin_key(key, GgufType::UInt64);
    put(m_metadata, value);
}
void GgufWriter::set_float32(std::string_view key, float value)
{
    begin_key(key, GgufType::Float32);
    put(m_metadata, value);
}
void GgufWriter::set_bool(std::string_view key, bool value)
{
    begin_key(key, GgufType::Bool);
    put<std::uint8_t>(m_metadata, value ? 1 : 0);
}
void GgufWriter::set_string(std::string_view key, std::string_view value)
{
    begin_key(key, GgufType::String);
    put_string(m_metadata, value);
}

void GgufWriter::set_strings(std::string_view key, const std::vector<std::string>& values)
{
    begin_key(key, GgufType::Array);
    put<std::uint32_t>(m_metadata, static_cast<std::uint32_t>(GgufType::String));
    put<std::uint64_t>(m_metadata, values.size());
    for (const auto& value : values)
        put_string(m_metadata, value);
}

void GgufWriter::set_int32s(std::string_view key, std::span<const std::int32_t> values)
{
    begin_key(key, GgufType::Array);
    put<std::uint32_t>(m_metadata, static_cast<std::uint32_t>(GgufType::Int32));
    put<std::uint64_t>(m_metadata, values.size());
    for (const auto value : values)
        put(m_metadata, value);
}

void GgufWriter::set_float32s(std::string_view key, std::span<const float> values)
{
    begin_key(key, GgufType::Array);
    put<std::uint32_t>(m_metadata, static_cast<std::uint32_t>(GgufType::Float32));
    put<std::uint64_t>(m_metadata, values.size());
    for (const auto value : values)
        put(m_metadata, value);
}

void GgufWriter::set_value(std::string_view key, const GgufValue& value)
{
    begin_key(key, value.type());
    switch (value.type()) {
    case GgufType::UInt8:
        put<std::uint8_t>(m_metadata, static_cast<std::uint8_t>(value.as_uint().value_or(0)));
        break;
    case GgufType::Int8:
        put<std::int8_t>(m_metadata, static_cast<std::int8_t>(value.as_int().value_or(0)));
        break;
    case GgufType::UInt16:
        put<std::uint16_t>(m_metadata, static_cast<std::uint16_t>(value.as_uint().value_or(0)));
        break;
    case GgufType::Int16:
        put<std::int16_t>(m_metadata, static_cast<std::int16_t>(value.as_int().value_or(0)));
        break;
    case GgufType::UInt32:
        put<std::uint32_t>(m_metadata, static_cast<std::uint32_t>(value.as_uint().value_or(0)));
        break;
    case GgufType::Int32:
        put<std::int32_t>(m_metadata, static_cast<std::int32_t>(value.as_int().value_or(0)));
        break;
    case GgufType::UInt64:
        put<std::uint64_t>(m_metadata, value.as_uint().value_or(0));
        break;
    case GgufType::Int64:
        put<std::int64_t>(m_metadata, value.as_int().value_or(0));
        break;
    case GgufType::Float32:
        put<float>(m_metadata, static_cast<float>(value.as_float().value_or(0)));
        break;
    case GgufType::Float64:
        put<double>(m_metadata, value.as_float().value_or(0));
        break;
    case GgufType::Bool:
        put<std::uint8_t>(m_metadata, value.as_bool().value_or(false) ? 1 : 0);
        break;
    case GgufType::String:
        put_string(m_metadata, value.as_string().value_or(std::string_view()));
        break;
    case GgufType::Array: {
        const GgufArray& array = *value.as_array();
        put<std::uint32_t>(m_metadata, static_cast<std::uint32_t>(array.element_type));
        put<std::uint64_t>(m_metadata, array.count);
        m_metadata.insert(m_metadata.end(), array.encoded.begin(), array.encoded.end());
        break;
    }
    }
}

std::uint64_t GgufWriter::checked_bytes(std::string_view name, const std::vector<std::uint64_t>& shape, GgmlType type)
{
    std::uint64_t elements = 1;
    for (const auto extent : shape)
        elements *= extent;
    const auto bytes = ggml_tensor_bytes(type, elements);
    if (shape.empty() || shape.size() > 4 || !bytes)
        throw std::invalid_argument("tensor " + std::string(name) + ": its shape does not fit its type's blocks");
    return *bytes;
}

void GgufWriter::add_tensor(
    std::string_view name, std::vector<std::uint64_t> shape, GgmlType type, std::span<const std::byte> data)
{
    const std::uint64_t bytes = checked_bytes(name, shape, type);
    if (bytes != data.size())
        throw std::invalid_argument("tensor " + std::string(name) + ": shape and type do not match its "
            + std::to_string(data.size()) + " bytes");
    m_tensors.push_back({ std::string(name), std::move(shape), type, data, {}, bytes });
}

void GgufWriter::add_tensor(std::string_view name, std::vector<std::uint64_t> shape, GgmlType type, Producer produce)
{
    const std::uint64_t bytes = checked_bytes(name, shape, type);
    m_tensors.push_back({ std::string(name), std::move(shape), type, {}, std::move(produce), bytes });
}

void GgufWriter::write(const std::filesystem::path& path, std::uint32_t alignment) const
{
    std::vector<std::byte> header;
    put<std::uint32_t>(header, 0x46554747); // "GGUF"
    put<std::uint32_t>(header, 3);
    put<std::uint64_t>(header, m_tensors.size());
    put<std::uint64_t>(header, m_metadata_count + (alignment != 32 ? 1 : 0));
    header.insert(header.end(), m_metadata.begin(), m_metadata.end());
    if (alignment != 32) {
        put_string(header, "general.alignment");
        put<std::uint32_t>(header, static_cast<std::uint32_t>(GgufType::UInt32));
        put<std::uint32_t>(header, alignment);
    }
    const auto aligned = [&](std::uint64_t n) { return (n + alignment - 1) / alignment * alignment; };
    std::uint64_t offset = 0;
    for (const auto& tensor : m_tensors) {
        put_string(header, tensor.name);
        put<std::uint32_t>(header, static_cast<std::uint32_t>(tensor.shape.size()));
        for (const auto extent : tensor.shape)
            put<std::uint64_t>(header, extent);
        put<std::uint32_t>(header, static_cast<std::uint32_t>(tensor.type));
        put<std::uint64_t>(header, offset);
        offset = aligned(offset + tensor.bytes);
    }
    header.resize(aligned(header.size()));

    auto temporary = path;
    temporary += ".partial";
    try {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw std::system_error(errno, std::generic_category(), temporary.string() + ": cannot create");
        out.write(reinterpret_cast<const char*>(header.data()), static_cast<std::streamsize>(header.size()));
        const std::vector<char> zeros(alignment, 0);
        std::vector<std::byte> made;
        for (const auto& tensor : m_tensors) {
            std::span<const std::byte> bytes = tensor.data;
            if (tensor.produce) {
                made.assign(tensor.bytes, std::byte { 0 });
                tensor.produce(made);
                bytes = made;
            }
            out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
            out.write(zeros.data(), static_cast<std::streamsize>(aligned(bytes.size()) - bytes.size()));
            if (!out)
                break;
        }
        made = {};
        out.flush();
        if (!out)
            throw std::system_error(
                errno ? errno : EIO, std::generic_category(), temporary.string() + ": cannot write (disk full?)");
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw;
    }
    std::filesystem::rename(temporary, path);
}

} // namespace hearth
