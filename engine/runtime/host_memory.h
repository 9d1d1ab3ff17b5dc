#pragma once

#include <cstdint>
#include <stdexcept>

namespace hearth {

class Model;
struct ForwardPassOptions;

// A model the CPU cannot hold: refused before its buffers are allocated,
// rather than the kernel's OOM killer ending the process (the window and
// every other request with it) half-way through the load.
class HostMemoryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// RAM the system could give now, and swap: /proc/meminfo's MemAvailable and
// SwapFree. 0 when it cannot be read.
std::uint64_t available_host_memory();

// Throws HostMemoryError, with the planner's figures, when running `model` on
// the CPU with `options` needs more than `available` bytes (0: ask the
// system). The weights count as needed: mapped from the file, a model larger
// than memory would page from disk for every token.
void check_host_memory(const Model& model, const ForwardPassOptions& options, std::uint64_t available = 0);

} // namespace hearth
