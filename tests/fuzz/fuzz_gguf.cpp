// libFuzzer target: any bytes must either parse or fail with GgufError —
// never crash, over-read (ASan) or allocate without bound (-rss_limit_mb).
// The type census, which reads hub prefixes, must say something of any bytes
// without throwing at all.
#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/gguf/gguf_file.h"
#include "engine/gguf/gguf_type_census.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto bytes = std::as_bytes(std::span(data, size));
    (void)hearth::census_tensor_types(bytes, size);
    (void)hearth::census_tensor_types(bytes, size * 2);
    try {
        const auto file = hearth::GgufFile::parse(bytes, "fuzz.gguf");
        for (const auto& [key, value] : file.metadata())
            (void)value.to_display_string();
        for (const auto& tensor : file.tensors())
            (void)file.tensor_data(tensor);
    } catch (const hearth::GgufError&) { }
    return 0;
}
