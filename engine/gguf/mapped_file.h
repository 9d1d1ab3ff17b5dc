#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

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

private:
    void release() noexcept;

    const std::byte* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace hearth
