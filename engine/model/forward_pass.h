#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "engine/model/kv_cache_type.h"
#include "engine/text/vocabulary.h"

namespace hearth {

class Model;

// One token of a batch: which sequence slot of the KV cache it extends, at
// which position, and whether its next-token logits are wanted.
struct BatchToken {
    TokenId token = 0;
    std::uint32_t position = 0;
    std::uint32_t slot = 0;
    bool logits = false;
    bool hidden = false; // its final (normalised) hidden state is wanted
};

enum class ComputeDevice { Cpu, Cuda };

struct ForwardPassOptions {
    std::uint32_t context = 0; // positions a slot holds
    std::uint32_t slot_count = 1; // sequences cached at once
    KvCacheType kv_type = KvCacheType::F16;
    unsigned threads = 0; // CPU threads; 0: one per core
    ComputeDevice device = ComputeDevice::Cpu;
    int gpu = 0; // which GPU, in the CUDA runtime's order
    // Layers on the GPU, from the first; the CPU runs the rest. Unset: all
    // of them when the model fits, else as many as fit. A number is kept to
    // (0: the CPU alone), and DeviceMemoryError says when it does not fit.
    std::optional<std::uint32_t> gpu_layers {};
    // Positions the GPU's paged cache holds for all slots together; 0: every
    // slot's whole context, or, when that does not fit beside the weights,
    // what does (at least one whole context), shared by use.
    std::uint64_t kv_positions = 0;
    // Memory the CPU pass may take; 0: what RAM and swap have free
    // (check_host_memory refuses a model that needs more).
    std::uint64_t host_memory = 0;
};

// Where the forward pass runs, for status lines and benchmarks. The GPU keeps
// keys and values in half floats whatever kv_type says.
struct ForwardPassDevice {
    ComputeDevice kind = ComputeDevice::Cpu;
    std::string name; // the GPU's name; empty on the CPU
    unsigned threads = 0; // CPU threads
    std::size_t device_bytes = 0; // GPU memory this pass holds: weights, KV cache, buffers
    bool graphs = false; // decode steps launched as CUDA graphs
    std::uint32_t gpu_layers = 0; // layers on the GPU; the CPU runs the rest
    std::uint64_t kv_positions = 0; // the GPU cache's positions over all slots
};

// Why a GPU was asked for and the CPU runs instead.
enum class GpuFallback {
    None,
    NotBuilt, // this build has no CUDA
    NoDevice, // no driver, or no GPU with that number
    UnsupportedModel, // the GPU kernels do not handle this model's shape or weight formats
};

// A model's GPU copy does not fit: what it needed and what the card had free
// when it was tried, so the caller can suggest fewer layers, a shorter
// context or a smaller quantization.
class DeviceMemoryError : public std::runtime_error {
public:
    DeviceMemoryError(const std::string& what, std::size_t needed_bytes, std::size_t free_bytes)
        : std::runtime_error(what)
        , needed(needed_bytes)
        , free(free_bytes)
    { }
    std::size_t needed;
    std::size_t free;
};

// The transformer forward pass with its KV cache, on the CPU or a GPU: the
// engine, the speed test and evaluation use it without knowing which.
class ForwardPass {
public:
    virtual ~ForwardPass() = default;

    // Appends the batch's keys and values to the cache and writes, for each
    // token with `logits` set (in batch order), vocab-many logits into
    // `logits`, and for each with `hidden` set, its final hidden state (after
    // the output norm) into `hidden`. Positions are below the context.
    virtual void run(std::span<const BatchToken> batch, std::span<float> logits, std::span<float> hidden = {}) = 0;

    // Makes slot `to` hold the keys and values of slot `from`'s first
    // `count` positions, so a prompt sharing that prefix skips it.
    virtual void copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count) = 0;

    // Of `common` positions a new sequence shares with a slot that holds
    // `held`, how many the cache can keep for it: all, unless a
    // sliding-window layer has since overwritten what the rest will need.
    virtual std::uint32_t reusable(std::uint32_t /*held*/, std::uint32_t common) const { return common; }

    // Whether the cache has room for the batch's new positions now. A paged
    // cache whose pool the slots share by use may not; one that gives every
    // slot its whole context always has.
    virtual bool can_hold(std::span<const BatchToken> /*batch*/) const { return true; }

    // The slot's cached positions past its first `keep` may be dropped,
    // their memory going to other slots (a finished sequence nobody reuses,
    // a slot taken by a prompt sharing only part of what it held).
    virtual void release(std::uint32_t /*slot*/, std::uint32_t /*keep*/ = 0) { }

    virtual ForwardPassDevice device() const = 0;
};

} // namespace hearth
