#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/grammar/token_trie.h"
#include "engine/model/forward_pass.h"
#include "engine/runtime/generation.h"
#include "engine/runtime/make_forward_pass.h"

namespace hearth {

class Model;

struct EngineOptions {
    std::uint32_t context = 0; // tokens per sequence; 0: the model's trained context, at most 8192
    std::uint32_t max_sequences = 4; // generated together (continuous batching)
    std::uint32_t max_batch_tokens = 512; // prompt tokens processed per step, over all sequences
    KvCacheType kv_type = KvCacheType::F16;
    unsigned threads = 0; // 0: one per core
    ComputeDevice device = ComputeDevice::Cpu;
    int gpu = 0; // which GPU, with ComputeDevice::Cuda
    std::optional<std::uint32_t> gpu_layers {}; // unset: all that fit (ForwardPassOptions)
    std::uint64_t host_memory = 0; // what the CPU may take; 0: RAM and swap free (HostMemoryError)
};

// A request the engine refuses up front: the message says why and what to do.
class RequestError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct EngineStats {
    std::uint32_t active_sequences = 0;
    std::uint32_t queued_requests = 0;
    std::uint32_t context = 0;
    std::uint32_t slot_count = 0;
    std::uint64_t kv_tokens = 0; // held in the KV cache, kept prefixes included; of context × slot_count
};

// Generates text for requests submitted from any thread. One scheduler thread
// runs the model over all active sequences at once: each step carries one
// new token of every generating sequence plus chunks of waiting prompts, so
// every weight is read once per step for all of them. Each sequence keeps a
// slot of the KV cache; a new request takes the free slot whose cached tokens
// share the longest prefix with its prompt and skips that prefix (a multi-turn
// chat does not re-read its history), or copies a longer one from another slot.
class Engine {
public:
    // Throws DeviceMemoryError when the options ask for a GPU the model does not fit.
    Engine(std::shared_ptr<const Model> model, EngineOptions options = {});
    // With the forward pass another function makes (tests give one whose
    // cache fills up).
    using PassFactory = std::function<ForwardPassChoice(const Model&, const ForwardPassOptions&)>;
    Engine(std::shared_ptr<const Model> model, EngineOptions options, const PassFactory& make_pass);
    ~Engine(); // cancels what is still running or queued
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Throws RequestError for an empty prompt, a token id outside the
    // vocabulary, or a prompt that leaves no room in the context.
    GenerationHandle submit(GenerationRequest request, GenerationCallback callback);

    const Model& model() const { return *m_model; }
    std::uint32_t context() const { return m_context; }
    EngineStats stats() const;
    ForwardPassDevice device() const { return m_forward->device(); }
    // Why the CPU runs a model the options asked a GPU for.
    GpuFallback gpu_fallback() const { return m_gpu_fallback; }

private:
    struct Sequence;
    struct Pending;

    void run();
    // Of what `slot` holds, the prefix `tokens` share that the cache can keep for them.
    std::size_t usable_prefix(std::uint32_t slot, const std::vector<TokenId>& tokens) const;
    void admit(std::deque<std::unique_ptr<Pending>>& pending);
    void step();
    // When the cache cannot take `batch`: frees idle slots' blocks, holds
    // prompts back (rebuilding it through `build(prompts)`, which returns the
    // prompts it fed), ends the sequence holding most. `prompts_fed`: the
    // prompts in `batch`.
    void make_room(const std::vector<BatchToken>& batch, const std::function<std::size_t(std::size_t)>& build,
        std::size_t prompts_fed);
    void sample(Sequence& sequence, const float* logits);
    const TokenTrie& token_trie();
    // `flush`: send the text still held back (not after a stop string).
    void finish(Sequence& sequence, FinishReason reason, bool flush = true, std::string error = {});
    void finish_embedding(Sequence& sequence);

    std::shared_ptr<const Model> m_model;
    EngineOptions m_options;
    std::uint32_t m_context = 0;
    std::unique_ptr<ForwardPass> m_forward;
    GpuFallback m_gpu_fallback = GpuFallback::None;

    // Owned by the scheduler thread.
    std::vector<std::unique_ptr<Sequence>> m_active;
    std::vector<std::vector<TokenId>> m_slot_tokens; // what each slot's cache holds
    std::vector<bool> m_slot_busy;
    std::vector<std::uint64_t> m_slot_last_use;
    std::uint64_t m_clock = 0;
    std::vector<float> m_logits;
    std::vector<float> m_hidden; // final hidden states of embedded prompts' tokens
    std::unique_ptr<TokenTrie> m_token_trie; // made for the first JSON output that needs it

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::unique_ptr<Pending>> m_pending;
    bool m_stopping = false;
    std::uint32_t m_active_count = 0;
    std::uint64_t m_kv_tokens = 0;
    std::thread m_thread;
};

} // namespace hearth
