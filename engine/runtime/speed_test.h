#pragma once

#include <cstdint>
#include <optional>

#include "engine/model/forward_pass.h"

namespace hearth {

class Model;

// llama-bench's two numbers for a model on this machine: prompt processing
// (one batch of `prompt_tokens` from an empty cache) and generation
// (`generated_tokens` single-token steps after `depth` cached positions),
// each the mean of `repetitions` runs after one warm-up. Raw forward passes: no sampling,
// no tokenizer, like llama-bench.
struct SpeedTestOptions {
    std::uint32_t prompt_tokens = 512;
    std::uint32_t generated_tokens = 128;
    std::uint32_t repetitions = 3;
    std::uint32_t sequences = 1; // generation steps carry this many sequences at once
    std::uint32_t depth = 0; // positions each sequence has cached before generating (llama-bench's -d)
    bool measure_bandwidth = false; // also measure the device's read bandwidth, for the decode's share of it
    unsigned threads = 0; // 0: one per core
    KvCacheType kv_type = KvCacheType::F16;
    ComputeDevice device = ComputeDevice::Cpu;
    int gpu = 0;
    std::optional<std::uint32_t> gpu_layers {};
};

struct SpeedTestResult {
    double prompt_tokens_per_s = 0.0;
    double prompt_stddev = 0.0;
    double generated_tokens_per_s = 0.0; // over all sequences
    double generated_stddev = 0.0;
    unsigned threads = 0;
    ForwardPassDevice device;
    GpuFallback fallback = GpuFallback::None;
    // Bytes one generation step reads: every weight but the embedding table
    // (of which it reads one row a token), and each sequence's keys and values.
    double step_bytes = 0.0;
    double bandwidth_bytes_s = 0.0; // measured, with measure_bandwidth
    double bandwidth_share = 0.0; // step_bytes × steps a second ÷ bandwidth
};

SpeedTestResult measure_speed(const Model& model, const SpeedTestOptions& options);

} // namespace hearth
