#include "gguf/gguf_type_census.h"

#include <stdexcept>

#include "gguf/gguf_cursor.h"

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

} // namespace

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
        for (std::uint64_t i = 0; i < tensor_count; ++i) {
            in.read_string("tensor name");
            const auto dims = in.read<std::uint32_t>("tensor dimension count");
            if (dims == 0 || dims > kMaxDims)
                in.fail("a tensor with " + std::to_string(dims) + " dimensions");
            for (std::uint32_t d = 0; d < dims; ++d)
                in.read<std::uint64_t>("tensor dimension");
            ++census.tensors_by_type[in.read<std::uint32_t>("tensor type")];
            in.read<std::uint64_t>("tensor offset");
        }
        census.status = GgufTypeCensus::Status::Complete;
    } catch (const CensusStop& e) {
        // A prefix ends mid-header in any of the places a broken file does;
        // only the whole file can tell them apart.
        census.tensors_by_type.clear();
        census.status = whole_file ? GgufTypeCensus::Status::NotGguf : GgufTypeCensus::Status::NeedsMoreBytes;
        if (whole_file)
            census.error = e.what();
    }
    return census;
}

} // namespace hearth
