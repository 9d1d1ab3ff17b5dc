#include "gguf/gguf_writer.h"

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

void GgufWriter::add_tensor(
    std::string_view name, std::vector<std::uint64_t> shape, GgmlType type, std::span<const std::byte> data)
{
    std::uint64_t elements = 1;
    for (const auto extent : shape)
        elements *= extent;
    const auto bytes = ggml_tensor_bytes(type, elements);
    if (shape.empty() || shape.size() > 4 || !bytes || *bytes != data.size())
        throw std::invalid_argument("tensor " + std::string(name) + ": shape and type do not match its "
            + std::to_string(data.size()) + " bytes");
    m_tensors.push_back({ std::string(name), std::move(shape), type, data });
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
        offset = aligned(offset + tensor.data.size());
    }
    header.resize(aligned(header.size()));

    auto temporary = path;
    temporary += ".partial";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw std::system_error(errno, std::generic_category(), temporary.string() + ": cannot create");
        out.write(reinterpret_cast<const char*>(header.data()), static_cast<std::streamsize>(header.size()));
        const std::vector<char> zeros(alignment, 0);
        for (const auto& tensor : m_tensors) {
            out.write(
                reinterpret_cast<const char*>(tensor.data.data()), static_cast<std::streamsize>(tensor.data.size()));
            out.write(zeros.data(), static_cast<std::streamsize>(aligned(tensor.data.size()) - tensor.data.size()));
        }
        out.flush();
        if (!out)
            throw std::system_error(
                errno ? errno : EIO, std::generic_category(), temporary.string() + ": cannot write (disk full?)");
    }
    std::filesystem::rename(temporary, path);
}

} // namespace hearth
