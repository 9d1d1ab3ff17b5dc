#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/model_shape.h"
#include "engine/plan/quant_level.h"

namespace hearth {

// A model as the planner sees it: its shape and, for a local file, the exact
// bytes it stores. Without a file, weights are parameters × bits per weight.
struct PlanModel {
    ModelShape shape;
    std::optional<StoredWeights> stored;
};

struct PlanOptions {
    std::string quant; // a QuantLevel name; empty = as stored in the file
    std::uint32_t context = 4096; // tokens per sequence
    std::uint32_t batch = 1; // sequences decoded in parallel
    KvType kv = KvType::F16;
};

// Constants the plan uses, named so that every line of the explanation can
// cite them.
struct PlanConstants {
    static constexpr std::uint32_t kPromptChunk = 512; // tokens per prompt-processing step
    static constexpr std::uint32_t kAttentionTile = 256; // keys per flash-attention tile
    static constexpr std::uint64_t kRuntimeOverhead = 512ull << 20; // CUDA context, cuBLAS workspace, allocator slack
    static constexpr double kHeadroom = 0.10; // share of a GPU's memory left free
    static constexpr std::uint32_t kMaxTensorParallel = 64; // GPUs; beyond this we stop searching
};

// Where each byte goes, for one model, quantization, context and batch.
struct MemoryPlan {
    std::string quant; // the quantization the weights were counted in
    bool exact_weights = false; // true when read from the file's tensors
    std::uint64_t parameters = 0;
    double bits_per_weight = 0;
    std::uint64_t weights_bytes = 0;
    std::uint64_t layer_weights_bytes = 0; // the largest layer
    std::uint64_t non_layer_weights_bytes = 0; // embeddings, output head
    std::uint64_t kv_bytes_per_token = 0; // all layers, one sequence
    std::uint64_t kv_cache_bytes = 0;
    std::uint64_t compute_bytes = 0;
    std::uint64_t overhead_bytes = 0;
    std::uint64_t total_bytes = 0;
    std::uint32_t prompt_chunk = 0; // tokens the compute buffers are sized for
};

// Returns nullopt when `options.quant` names no known quantization.
std::optional<MemoryPlan> plan_memory(const PlanModel& model, const PlanOptions& options);

// Elements one token adds to the KV cache of one layer: K and V of every KV
// head, or the compressed latent under multi-head latent attention.
std::uint64_t kv_elements_per_token_per_layer(const ModelShape& shape);

} // namespace hearth
