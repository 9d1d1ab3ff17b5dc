// Matmul speed for each weight format on a 4096 × 4096 weight (one attention
// projection of an 8B model), all cores:
//
//   bench_kernels [--benchmark_filter=Q4_K] [Google Benchmark flags]
//   HEARTH_SIMD=avx2 bench_kernels        (another SIMD level)
//   bench_kernels --threads 1             (fewer threads than cores)
//   bench_kernels --rows 65536            (a weight larger than the caches:
//                                          decoding from DRAM, as in a model)
//   bench_kernels --cols 8192             (longer rows: an FFN's down projection)
//
// tokens = 1 is decoding, bound by memory: weight_GB/s counts the weight bytes
// streamed (the activations, 16 KB, stay in cache). tokens = 64 and 512 are
// prompt processing, bound by arithmetic: GFLOP/s counts 2 × rows × cols × tokens.
// thread_pool/run is the cost of one fork-join with an empty job.
#include <benchmark/benchmark.h>

#include <atomic>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/cpu/matmul.h"
#include "engine/cpu/simd_level.h"
#include "engine/cpu/thread_pool.h"
#include "engine/gguf/ggml_type.h"
#include "engine/quant/quantize.h"

namespace {

using hearth::GgmlType;

std::size_t g_rows = 4096;
std::size_t g_cols = 4096;

struct Weights {
    std::vector<std::byte> data;
    hearth::WeightMatrix matrix;
};

// Random weights quantized once per format (the K-quant and i-quant
// quantizers take a few seconds for 16M values), shared by that format's
// benchmarks.
const Weights& weights_of(GgmlType type)
{
    static std::map<GgmlType, std::unique_ptr<Weights>> cache;
    auto& slot = cache[type];
    if (!slot) {
        const std::size_t row_bytes = *hearth::ggml_tensor_bytes(type, g_cols);
        slot = std::make_unique<Weights>();
        slot->data.resize(row_bytes * g_rows);
        std::mt19937 rng(42);
        std::normal_distribution<float> normal(0.0f, 0.02f);
        std::vector<float> row(g_cols);
        for (std::size_t r = 0; r < g_rows; ++r) {
            for (auto& v : row)
                v = normal(rng);
            hearth::quant::quantize_row(type, row.data(), slot->data.data() + r * row_bytes, g_cols);
        }
        slot->matrix = { type, g_rows, g_cols, slot->data.data(), row_bytes };
    }
    return *slot;
}

unsigned g_threads = 0; // 0: one per core

hearth::cpu::ThreadPool& pool()
{
    static hearth::cpu::ThreadPool pool(g_threads);
    return pool;
}

void bench_matmul(benchmark::State& state, GgmlType type, std::size_t tokens)
{
    const Weights& w = weights_of(type);
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> x(tokens * g_cols), y(tokens * g_rows);
    for (auto& v : x)
        v = normal(rng);
    hearth::cpu::MatmulScratch scratch;
    const auto level = hearth::cpu::detect_simd_level();
    for (auto _ : state) {
        hearth::cpu::matmul(w.matrix, x, tokens, y, pool(), scratch, level);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    const double iterations = double(state.iterations());
    if (tokens == 1)
        state.counters["weight_GB/s"]
            = benchmark::Counter(double(w.data.size()) * iterations / 1e9, benchmark::Counter::kIsRate);
    else
        state.counters["GFLOP/s"]
            = benchmark::Counter(2.0 * g_rows * g_cols * tokens * iterations / 1e9, benchmark::Counter::kIsRate);
}

// The fork-join overhead matmul pays per call: an empty job on every thread.
// A decode step makes about ten calls per layer.
void bench_pool_run(benchmark::State& state)
{
    std::atomic<unsigned> calls { 0 };
    for (auto _ : state)
        pool().run([&](unsigned, unsigned) { calls.fetch_add(1, std::memory_order_relaxed); });
    benchmark::DoNotOptimize(calls.load());
}

} // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--threads")
            g_threads = static_cast<unsigned>(std::stoul(argv[i + 1]));
        else if (std::string(argv[i]) == "--rows")
            g_rows = std::stoul(argv[i + 1]);
        else if (std::string(argv[i]) == "--cols")
            g_cols = std::stoul(argv[i + 1]);
    std::cerr << "SIMD level: " << hearth::cpu::simd_level_name(hearth::cpu::detect_simd_level())
              << ", threads: " << pool().size() << ", weight: " << g_rows << " × " << g_cols << "\n";
    for (GgmlType type :
        { GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q5_K,
            GgmlType::Q6_K, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::IQ4_NL, GgmlType::MXFP4,
            GgmlType::Q2_K, GgmlType::Q3_K, GgmlType::IQ4_XS, GgmlType::IQ3_XXS, GgmlType::IQ3_S, GgmlType::IQ2_XXS,
            GgmlType::IQ2_XS, GgmlType::IQ2_S, GgmlType::IQ1_S, GgmlType::IQ1_M, GgmlType::TQ1_0, GgmlType::TQ2_0 }) {
        const std::string name(hearth::ggml_type_traits(static_cast<std::uint32_t>(type))->name);
        for (std::size_t tokens : { 1, 64, 512 })
            benchmark::RegisterBenchmark(("matmul/" + name + "/tokens:" + std::to_string(tokens)).c_str(),
                [type, tokens](benchmark::State& state) { bench_matmul(state, type, tokens); })
                ->Unit(benchmark::kMillisecond)
                ->UseRealTime();
    }
    benchmark::RegisterBenchmark("thread_pool/run", bench_pool_run)->Unit(benchmark::kMicrosecond)->UseRealTime();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
