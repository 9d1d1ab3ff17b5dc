#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>

namespace hearth {

// How many tensors of each type a GGUF file holds, read from the file's first
// bytes alone. Discover asks the hub for the start of a file to learn, before
// anyone downloads gigabytes, whether this build can run it; and a file with a
// type id no build knows must still be described, where GgufFile refuses it
// outright.
struct GgufTypeCensus {
    enum class Status {
        Complete, // the whole tensor directory was read
        NeedsMoreBytes, // the prefix ends inside the header: ask for more
        NotGguf, // the bytes are not a GGUF header (`error` says why)
    };

    Status status = Status::NeedsMoreBytes;
    std::map<std::uint32_t, std::uint64_t> tensors_by_type; // raw ggml type id → tensors
    std::string architecture; // general.architecture, when stated
    std::string error;
};

// `prefix`: the file's first bytes; `file_size`: the whole file's, which tells
// a prefix that stops short from a file that is broken.
GgufTypeCensus census_tensor_types(std::span<const std::byte> prefix, std::uint64_t file_size);

} // namespace hearth
