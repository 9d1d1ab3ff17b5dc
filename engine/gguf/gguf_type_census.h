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

    // Where the tensor directory lies, once known: it lets the files of the
    // same model in other quantizations be read from a window around it.
    std::uint64_t tensor_count = 0; // known from byte 24 on
    std::uint64_t directory_start = 0;
    std::uint64_t directory_end = 0;
    std::string first_tensor;
};

// `prefix`: the file's first bytes; `file_size`: the whole file's, which tells
// a prefix that stops short from a file that is broken.
GgufTypeCensus census_tensor_types(std::span<const std::byte> prefix, std::uint64_t file_size);

// The census of a file read from a window of its bytes (the window starts at
// byte `window_offset` of the file) instead of from its start. The files of
// one model in other quantizations share its metadata nearly byte for byte —
// only a few strings differ — so their directories sit within kilobytes of
// where `like`'s is; this finds the entry of `like.first_tensor` there and
// reads `tensor_count` entries from it, accepting them only when they read
// as a directory does (1 to 4 dimensions, offsets from 0 upwards).
// NeedsMoreBytes when no such directory lies wholly inside the window.
GgufTypeCensus census_tensor_directory(std::span<const std::byte> window, std::uint64_t window_offset,
    std::uint64_t tensor_count, const GgufTypeCensus& like);

} // namespace hearth
