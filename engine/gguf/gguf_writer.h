#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/gguf/ggml_type.h"
#include "engine/gguf/gguf_value.h"

namespace hearth {

// Builds a GGUF v3 file: metadata in insertion order, then tensors. The file
// is written under a temporary name and renamed, so a crash or a full disk
// never leaves a half-written model under the real name.
class GgufWriter {
public:
    void set_uint32(std::string_view key, std::uint32_t value);
    void set_int32(std::string_view key, std::int32_t value);
    void set_uint64(std::string_view key, std::uint64_t value);
    void set_float32(std::string_view key, float value);
    void set_bool(std::string_view key, bool value);
    void set_string(std::string_view key, std::string_view value);
    void set_strings(std::string_view key, const std::vector<std::string>& values);
    void set_int32s(std::string_view key, std::span<const std::int32_t> values);
    void set_float32s(std::string_view key, std::span<const float> values);
    // Any value read from another file (arrays copied in their encoding).
    void set_value(std::string_view key, const GgufValue& value);

    // `data` must hold exactly the tensor's bytes for `type` and `shape`; it is
    // copied only when the file is written, so it must outlive write().
    void add_tensor(
        std::string_view name, std::vector<std::uint64_t> shape, GgmlType type, std::span<const std::byte> data);
    // A tensor made only as the file is written, into a buffer of its exact
    // size, so that converting or quantizing a model holds one tensor at a
    // time. An exception from `produce` stops the write and removes the
    // temporary file.
    using Producer = std::function<void(std::span<std::byte> out)>;
    void add_tensor(std::string_view name, std::vector<std::uint64_t> shape, GgmlType type, Producer produce);

    // Throws std::system_error (or std::invalid_argument for a bad tensor).
    void write(const std::filesystem::path& path, std::uint32_t alignment = 32) const;

private:
    void begin_key(std::string_view key, GgufType type);

    struct Tensor {
        std::string name;
        std::vector<std::uint64_t> shape;
        GgmlType type;
        std::span<const std::byte> data;
        Producer produce; // when set, `data` is empty and this makes the bytes
        std::uint64_t bytes = 0;
    };
    static std::uint64_t checked_bytes(std::string_view name, const std::vector<std::uint64_t>& shape, GgmlType type);
    std::vector<std::byte> m_metadata;
    std::uint64_t m_metadata_count = 0;
    std::vector<Tensor> m_tensors;
};

} // namespace hearth
