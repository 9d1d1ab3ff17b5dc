// libFuzzer target: any bytes must either parse or fail with GgufError —
// never crash, over-read (ASan) or allocate without bound (-rss_limit_mb).
#include <cstddef>
#include <cstdint>
#include <span>

#include "gguf/gguf_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        const auto file = hearth::GgufFile::parse(std::as_bytes(std::span(data, size)), "fuzz.gguf");
        for (const auto& [key, value] : file.metadata())
            (void)value.to_display_string();
        for (const auto& tensor : file.tensors())
            (void)file.tensor_data(tensor);
    } catch (const hearth::GgufError&) { }
    return 0;
}
