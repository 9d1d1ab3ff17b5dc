#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>

#include "engine/model/forward_pass.h"
#include "engine/text/vocabulary.h"

namespace hearth {

class Model;

struct EvalOptions {
    std::uint32_t context = 512; // tokens a chunk; the second half of each is scored
    std::size_t max_chunks = 0; // 0: as many as the text holds
    unsigned threads = 0; // 0: one per core
    // Where the model (and the reference) run, as for the engine; a model the
    // GPU cannot hold runs on the CPU.
    ComputeDevice device = ComputeDevice::Cpu;
    int gpu = 0;
    std::function<void(std::size_t chunks_done, std::size_t chunks)> progress;
    const std::atomic<bool>* cancel = nullptr; // set: stop after the current chunk
};

// What a quantization cost, measured as llama.cpp's perplexity tool does:
// the text is cut into chunks of `context` tokens (the first replaced by BOS
// where the model wants one), each run from an empty cache, and only the
// second half of each chunk scored, so every scored token has at least half a
// context behind it.
struct EvalResult {
    double perplexity = 0;
    double perplexity_error = 0; // one standard error
    double mean_nll = 0; // nats a token
    // Against the reference: mean KL(reference ‖ model) of the next-token
    // distributions (nats), its 99th percentile, and how often both put the
    // same token first.
    std::optional<double> kl_divergence;
    std::optional<double> kl_divergence_p99;
    std::optional<double> same_top_token;
    ForwardPassDevice device; // where the model ran
    GpuFallback fallback = GpuFallback::None; // why not on the GPU asked for
    bool gpu_full = false; // the GPU asked for could not hold it: the CPU ran it
    std::size_t tokens = 0; // scored
    std::size_t chunks = 0;
    double seconds = 0;
};

class EvalError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class EvalCancelled : public std::runtime_error {
public:
    EvalCancelled()
        : std::runtime_error("evaluation cancelled")
    { }
};

// Throws EvalError when the text is shorter than one chunk or the reference
// has another vocabulary, EvalCancelled when cancelled.
EvalResult evaluate(
    const Model& model, std::span<const TokenId> tokens, const Model* reference, const EvalOptions& options);

} // namespace hearth
