// Tokenizer throughput on a text file, for each GGUF vocabulary given:
//
//   bench_tokenizer --text corpus.txt llama3.gguf qwen3.gguf [Google Benchmark flags]
//
// Reports bytes_per_second for encoding (no BOS, special tokens not parsed,
// as llama.cpp's tokenizer is measured) and for streaming decode.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "engine/gguf/gguf_file.h"
#include "engine/text/text_stream.h"
#include "engine/text/tokenizer.h"

namespace {

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace

int main(int argc, char** argv)
{
    std::string text_path;
    std::vector<std::string> models;
    std::vector<char*> rest { argv[0] };
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--text" && i + 1 < argc)
            text_path = argv[++i];
        else if (arg.ends_with(".gguf"))
            models.push_back(arg);
        else
            rest.push_back(argv[i]);
    }
    if (text_path.empty() || models.empty()) {
        std::cerr << "usage: bench_tokenizer --text FILE MODEL.gguf... [benchmark flags]\n";
        return 2;
    }
    static const std::string text = read_file(text_path);
    static std::vector<std::unique_ptr<hearth::Tokenizer>> tokenizers;
    for (const auto& model : models) {
        tokenizers.push_back(
            std::make_unique<hearth::Tokenizer>(hearth::vocabulary_from_gguf(hearth::GgufFile::open(model))));
        const auto* tokenizer = tokenizers.back().get();
        const auto name = std::filesystem::path(model).stem().string();
        benchmark::RegisterBenchmark(("encode/" + name).c_str(), [tokenizer](benchmark::State& state) {
            std::size_t tokens = 0;
            for (auto _ : state) {
                const auto ids = tokenizer->encode(text, { .add_special = false, .parse_special = false });
                tokens = ids.size();
                benchmark::DoNotOptimize(ids.data());
            }
            state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
            state.counters["tokens"] = static_cast<double>(tokens);
        })->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("stream_decode/" + name).c_str(), [tokenizer](benchmark::State& state) {
            const auto ids = tokenizer->encode(text, { .add_special = false });
            for (auto _ : state) {
                hearth::TextStream stream(*tokenizer);
                std::size_t bytes = 0;
                for (const auto id : ids)
                    bytes += stream.push(id).size();
                benchmark::DoNotOptimize(bytes + stream.finish().size());
            }
            state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
        })->Unit(benchmark::kMillisecond);
    }
    int count = static_cast<int>(rest.size());
    benchmark::Initialize(&count, rest.data());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
