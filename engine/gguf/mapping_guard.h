#pragma once

#include <cstddef>

namespace hearth {

// A file mapping whose file may shrink under it: another program truncates
// a model while it is loaded, and a read of a page past the new end raises
// SIGBUS, which kills the process, every user's request and the window with
// it. While a range is guarded, such a read sees zeros instead and the guard
// records it; whoever computes from the mapping checks faulted() before
// trusting a result and ends that work with a clear message.
class MappingGuard {
public:
    MappingGuard() = default;
    // Guards [data, data + size), a mapping of a file.
    MappingGuard(const void* data, std::size_t size);
    ~MappingGuard();
    MappingGuard(MappingGuard&& other) noexcept;
    MappingGuard& operator=(MappingGuard&& other) noexcept;
    MappingGuard(const MappingGuard&) = delete;
    MappingGuard& operator=(const MappingGuard&) = delete;

    // Whether a read found the file shorter than the mapping.
    bool faulted() const;

private:
    void release() noexcept;

    int m_slot = -1; // -1: nothing guarded (all slots taken: the old behaviour)
};

} // namespace hearth
