#include "engine/gguf/mapped_file.h"

#include <cerrno>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hearth {
namespace {

[[noreturn]] void throw_errno(const std::filesystem::path& path, const char* what)
{
    throw std::system_error(errno, std::generic_category(), path.string() + ": " + what);
}

} // namespace

MappedFile::MappedFile(const std::filesystem::path& path)
    : m_path(path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw_errno(path, "cannot open");
    struct stat info { };
    if (::fstat(fd, &info) != 0) {
        ::close(fd);
        throw_errno(path, "cannot read its size");
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(fd);
        errno = EINVAL;
        throw_errno(path, "not a regular file");
    }
    m_size = static_cast<std::size_t>(info.st_size);
    if (m_size > 0) {
        void* data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (data == MAP_FAILED) {
            ::close(fd);
            throw_errno(path, "cannot map into memory");
        }
        m_data = static_cast<const std::byte*>(data);
        m_guard = MappingGuard(m_data, m_size);
    }
    ::close(fd); // the mapping keeps its own reference to the file
}

MappedFile::~MappedFile()
{
    release();
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
    , m_path(std::move(other.m_path))
    , m_guard(std::move(other.m_guard))
{ }

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_path = std::move(other.m_path);
        m_guard = std::move(other.m_guard);
    }
    return *this;
}

std::string MappedFile::damage() const
{
    if (!m_guard.faulted())
        return {};
    std::error_code error;
    const auto now = std::filesystem::file_size(m_path, error);
    return m_path.string() + ": the file was cut short while in use (" + std::to_string(m_size) + " bytes when opened, "
        + (error ? std::string("now gone") : std::to_string(now) + " now")
        + "): another program truncated or is rewriting it. Open the model again once the file is whole.";
}

void MappedFile::release() noexcept
{
    m_guard = MappingGuard(); // before the range is unmapped and may be reused
    if (m_data)
        ::munmap(const_cast<std::byte*>(m_data), m_size);
    m_data = nullptr;
    m_size = 0;
}

} // namespace hearth
