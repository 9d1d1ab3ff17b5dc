#include "engine/gguf/gguf_type_census.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "engine/gguf/gguf_cursor.h"

namespace hearth {
namespace {

constexpr std::uint32_t kMagic = 0x46554747; // "GGUF" read as a little-endian uint32
constexpr std::uint32_t kMaxDims = 4;

struct CensusStop : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void stop(const void*, const std::string& what, std::uint64_t at)
{
    throw CensusStop(what + " (at byte " + std::to_string(at) + ")");
}

// Reads `count` tensor entries into the census; stops (throws) at the first
// that does not read as one. `searching`: the entries were found by looking
// for a name, so they must also have the offsets llama.cpp's writers give
// (0 first, then upwards) before they count as the directory.
void read_directory(GgufCursor& in, std::uint64_t count, GgufTypeCensus& census, bool searching)
{
    std::uint64_t previous_offset = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        const auto name = in.read_string("tensor name");
        if (i == 0)
            census.first_tensor = std::string(name);
        const auto dims = in.read<std::uint32_t>("tensor dimension count");
        if (dims == 0 || dims > kMaxDims)
            in.fail("a tensor with " + std::to_string(dims) + " dimensions");
        for (std::uint32_t d = 0; d < dims; ++d)
            if (in.read<std::uint64_t>("tensor dimension") == 0)
                in.fail("a tensor with an empty dimension");
        ++census.tensors_by_type[in.read<std::uint32_t>("tensor type")];
        const auto offset = in.read<std::uint64_t>("tensor offset");
        if (searching && ((i == 0 && offset != 0) || offset < previous_offset))
            in.fail("tensor offsets out of order");
        previous_offset = offset;
    }
}

} // namespace

GgufTypeCensus census_tensor_directory(std::span<const std::byte> window, std::uint64_t window_offset,
    std::uint64_t tensor_count, const GgufTypeCensus& like)
{
    GgufTypeCensus census;
    census.architecture = like.architecture;
    census.tensor_count = tensor_count;
    const auto& name = like.first_tensor;
    if (name.empty() || window.size() < 8 + name.size())
        return census;
    // The entry starts with the name's length as a little-endian uint64.
    std::vector<std::byte> entry(8 + name.size());
    const std::uint64_t length = name.size();
    std::memcpy(entry.data(), &length, 8);
    std::memcpy(entry.data() + 8, name.data(), name.size());
    for (auto at = window.begin(); (at = std::search(at, window.end(), entry.begin(), entry.end())) != window.end();
         ++at) {
        const auto start = static_cast<std::size_t>(at - window.begin());
        try {
            GgufTypeCensus found = census;
            GgufCursor in(window.subspan(start), window_offset + start, stop, nullptr);
            read_directory(in, tensor_count, found, true);
            found.directory_start = window_offset + start;
            found.directory_end = in.position();
            found.status = GgufTypeCensus::Status::Complete;
            return found;
        } catch (const CensusStop&) {
            // the name also occurs elsewhere, or the window ends first: look on
        }
    }
    return census;
}

GgufTypeCensus census_tensor_types(std::span<const std::byte> prefix, std::uint64_t file_size)
{
    GgufTypeCensus census;
    const bool whole_file = prefix.size() >= file_size;
    try {
        GgufCursor in(prefix, 0, stop, nullptr);
        if (in.read<std::uint32_t>("magic") != kMagic) {
            census.status = GgufTypeCensus::Status::NotGguf;
            census.error = "the file does not start with \"GGUF\"";
            return census;
        }
        const auto version = in.read<std::uint32_t>("version");
        if (version != 2 && version != 3) {
            census.status = GgufTypeCensus::Status::NotGguf;
            census.error = "GGUF version " + std::to_string(version) + " (versions 2 and 3 are read)";
            return census;
        }
        const auto tensor_count = in.read<std::uint64_t>("tensor count");
        census.tensor_count = tensor_count;
        const auto kv_count = in.read<std::uint64_t>("metadata count");
        // Counts are checked against the whole file, not the prefix: the
        // smallest key-value takes 13 bytes, the smallest tensor entry 24.
        if (kv_count > file_size / 13 || tensor_count > file_size / 24) {
            census.status = GgufTypeCensus::Status::NotGguf;
            census.error = "the header counts more entries than the file can hold";
            return census;
        }
        for (std::uint64_t i = 0; i < kv_count; ++i) {
            const auto key = in.read_string("metadata key");
            const auto type = in.read<std::uint32_t>("metadata value type");
            if (!gguf_type_known(type))
                in.fail("metadata value type " + std::to_string(type));
            const GgufValue value = in.read_value(static_cast<GgufType>(type));
            if (key == "general.architecture")
                census.architecture = std::string(value.as_string().value_or(""));
        }
        census.directory_start = in.position();
        read_directory(in, tensor_count, census, false);
        census.directory_end = in.position();
        census.status = GgufTypeCensus::Status::Complete;
    } catch (const CensusStop& e) {
        // A prefix ends mid-header in any of the places a broken file does;
        // only the whole file can tell them apart.
        census.tensors_by_type.clear();
        census.first_tensor.clear();
        census.status = whole_file ? GgufTypeCensus::Status::NotGguf : GgufTypeCensus::Status::NeedsMoreBytes;
        if (whole_file)
            census.error = e.what();
    }
    return census;
}

} // namespace hearth
