// Writes valid GGUF files into a folder: the seeds the fuzzer mutates.
#include <filesystem>
#include <iostream>

#include "tests/support/gguf_builder.h"

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: make_gguf_corpus DIR\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    using namespace hearth::test;
    TinyLlama tiny;
    tiny.vocab = 32;
    tiny.layers = 1;
    tiny.hidden = 32;
    tiny.ffn = 32;
    tiny.builder().write(dir / "tiny-llama.gguf");
    tiny.matrix = kQ8_0;
    tiny.builder().write(dir / "tiny-llama-q8.gguf");
    GgufBuilder().version(2).string("general.architecture", "llama").int32s("a", { 1, 2, 3 }).write(dir / "v2.gguf");
    Bytes nested;
    nested.put<std::uint32_t>(9).put<std::uint64_t>(1).put<std::uint32_t>(8).put<std::uint64_t>(1).put_string("x");
    GgufBuilder()
        .alignment(64)
        .raw("nested", Gguf::Array, nested)
        .strings("s", { "a", "b" })
        .write(dir / "nested.gguf");
    return 0;
}
