#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/gguf/ggml_type.h"
#include "engine/gguf/gguf_value.h"
#include "engine/gguf/mapped_file.h"

namespace hearth {

// A GGUF file that cannot be read: the message names the file, what is wrong,
// where, and what to do about it.
class GgufError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct GgufTensorInfo {
    std::string_view name;
    std::vector<std::uint64_t> shape; // ne[0] first: the fastest-varying dimension
    GgmlType type = GgmlType::F32;
    std::uint64_t offset = 0; // from the start of the data section
    std::uint64_t elements = 0;
    std::uint64_t bytes = 0;
};

// The header, metadata and tensor directory of a GGUF v2/v3 file. Every count,
// length and offset is checked against the file's size before it is used, so a
// truncated or hostile file fails with GgufError, never with an over-read or a
// huge allocation.
class GgufFile {
public:
    static constexpr std::uint32_t kDefaultAlignment = 32;

    // Maps `path` and parses it. Throws GgufError (or std::system_error when
    // the file cannot be opened at all).
    static GgufFile open(const std::filesystem::path& path);
    // Parses bytes the caller keeps alive; `source` names them in messages.
    static GgufFile parse(std::span<const std::byte> bytes, std::string source);

    const std::string& source() const { return m_source; }
    std::uint32_t version() const { return m_version; }
    std::uint64_t alignment() const { return m_alignment; }
    std::uint64_t data_offset() const { return m_data_offset; }
    std::uint64_t file_size() const { return m_bytes.size(); }

    const std::vector<std::pair<std::string_view, GgufValue>>& metadata() const { return m_metadata; }
    const GgufValue* find(std::string_view key) const;
    std::optional<std::uint64_t> get_uint(std::string_view key) const;
    std::optional<double> get_float(std::string_view key) const;
    std::optional<std::string_view> get_string(std::string_view key) const;

    const std::vector<GgufTensorInfo>& tensors() const { return m_tensors; }
    const GgufTensorInfo* find_tensor(std::string_view name) const;
    // The tensor's bytes inside the file (bounds were checked when parsing).
    std::span<const std::byte> tensor_data(const GgufTensorInfo& tensor) const;

    // Throws GgufError when the file was truncated while mapped, so that
    // reads of its tensors saw zeros (MappedFile::damage): after computing
    // from the tensors, before trusting the result.
    void check_intact() const;

    // Sum of every tensor's stored bytes: what the weights occupy.
    std::uint64_t tensor_bytes() const;
    std::uint64_t tensor_elements() const;

private:
    GgufFile() = default;
    void parse_all();

    std::optional<MappedFile> m_mapping;
    std::span<const std::byte> m_bytes;
    std::string m_source;
    std::uint32_t m_version = 0;
    std::uint64_t m_alignment = kDefaultAlignment;
    std::uint64_t m_data_offset = 0;
    std::vector<std::pair<std::string_view, GgufValue>> m_metadata;
    std::vector<GgufTensorInfo> m_tensors;
};

} // namespace hearth
