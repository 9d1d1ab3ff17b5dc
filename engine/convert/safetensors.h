#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/gguf/mapped_file.h"

namespace hearth {

// A checkpoint that cannot be read or converted: the message names the file
// and what is wrong with it.
class ConvertError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SafetensorsTensor {
    std::string name;
    std::string dtype; // "F32", "F16", "BF16"
    std::vector<std::uint64_t> shape; // as stored: the slowest dimension first
    std::span<const std::byte> data;

    std::uint64_t elements() const;
};

// A Hugging Face checkpoint's weights: model.safetensors, or the shards that
// model.safetensors.index.json names, memory-mapped (nothing is read until a
// tensor is used). Every header is checked against its file's size.
class SafetensorsCheckpoint {
public:
    // Throws ConvertError.
    static SafetensorsCheckpoint open(const std::filesystem::path& folder);

    const SafetensorsTensor* find(std::string_view name) const;
    const std::vector<SafetensorsTensor>& tensors() const { return m_tensors; }

private:
    void read_file(const std::filesystem::path& path);

    std::vector<MappedFile> m_files;
    std::vector<SafetensorsTensor> m_tensors;
    std::unordered_map<std::string, std::size_t> m_index;
};

} // namespace hearth
