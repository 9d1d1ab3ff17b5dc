#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>

#include "engine/gguf/mapping_guard.h"

namespace hearth {

// A whole file mapped read-only. Model files are many gigabytes: mapping lets
// the kernel page in only what is touched and share pages between processes.
class MappedFile {
public:
    // Throws std::system_error naming the file when it cannot be opened or mapped.
    explicit MappedFile(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const std::byte> bytes() const { return { m_data, m_size }; }

    // Empty while every read of the mapping found the file's bytes; once the
    // file was truncated under it (reads past its new end saw zeros), what
    // happened and what to do, naming the file.
    std::string damage() const;

private:
    void release() noexcept;

    const std::byte* m_data = nullptr;
    std::size_t m_size = 0;
    std::filesystem::path m_path;
    MappingGuard m_guard;
};

} // namespace hearth
