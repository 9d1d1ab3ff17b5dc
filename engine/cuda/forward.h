#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include <cuda_runtime_api.h>

#include "engine/cuda/device_buffer.h"
#include "engine/cuda/device_weights.h"
#include "engine/cuda/matmul.h"
#include "engine/cuda/matvec.h"
#include "engine/cuda/paged_kv_cache.h"
#include "engine/cuda/stream.h"
#include "engine/model/forward_pass.h"

namespace hearth::cuda {

// The transformer forward pass on one GPU, step for step as cpu::Forward:
// weights uploaded once in their GGUF formats, keys and values in a paged
// cache of half floats, activations in floats. The token embedding stays in
// host memory (one row a token is all a step reads of it).
class Forward final : public ForwardPass {
public:
    // The first `layers` layers (all by default; then run(), else
    // run_lower() and the CPU runs the rest). Throws DeviceMemoryError when
    // their weights and cache do not fit the GPU's free memory, CudaError
    // for other CUDA failures.
    Forward(const Model& model, const ForwardPassOptions& options, std::uint32_t layers = UINT32_MAX);
    ~Forward() override;

    // Whether the kernels handle this model's shape (a head of a multiple
    // of 32 values, at most kMaxHeadDim, dense feed-forward blocks) and its
    // weight formats (has_kernels).
    static bool supports(const Model& model);

    void run(std::span<const BatchToken> batch, std::span<float> logits, std::span<float> hidden = {}) override;
    void copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count) override;
    bool can_hold(std::span<const BatchToken> batch) const override;
    void release(std::uint32_t slot, std::uint32_t keep) override;
    ForwardPassDevice device() const override;

    // This pass's layers from the tokens' embeddings; the residual stream
    // after them ([tokens][hidden]) into x_out, as cpu::Forward::run_lower.
    void run_lower(std::span<const BatchToken> batch, std::span<float> x_out);

    // How many of the model's layers (from the first) fit the GPU's free
    // memory with their cache; all of them when the whole model fits.
    static std::uint32_t layers_that_fit(const Model& model, const ForwardPassOptions& options);
    // Positions of cache, over all slots, that fit beside every layer's
    // weights: at most every slot's whole context; 0 when the weights alone
    // do not fit.
    static std::uint64_t kv_positions_that_fit(const Model& model, const ForwardPassOptions& options);
    static std::size_t bytes_needed(const Model& model, const ForwardPassOptions& options, std::uint32_t layers);

private:
    void upload_inputs(std::span<const BatchToken> batch);
    void run_layers(std::size_t tokens, int longest);
    void run_decode_graph(std::size_t tokens);
    void attention_block(std::size_t layer, std::size_t tokens, int longest);
    void feed_forward_block(std::size_t layer, std::size_t tokens);
    void resize(std::size_t tokens, int longest);
    void grow(DeviceBuffer& buffer, std::size_t bytes);
    float* buffer(DeviceBuffer& b) { return b.as<float>(); }

    const Model& m_model;
    int m_gpu = 0;
    std::uint32_t m_layers = 0; // on the GPU, from the first
    ForwardPassDevice m_device_info;
    // Declared first so it is destroyed last, after everything queued on it.
    std::unique_ptr<Stream> m_stream_owner;
    cudaStream_t m_stream = nullptr;
    std::unique_ptr<Matmul> m_matmul;
    DeviceWeights m_weights;
    std::unique_ptr<PagedKvCache> m_cache;
    std::vector<float> m_rope_factors;
    std::uint32_t m_context = 0;

    // Decode steps as CUDA graphs, by token count.
    struct DecodeGraph {
        cudaGraphExec_t exec = nullptr;
        std::uint64_t generation = 0; // m_buffer_generation it was captured at
        bool warmed = false; // one step of this size ran directly
    };
    // Read by device() on any thread; cleared on the engine's when a capture fails.
    std::atomic<bool> m_use_graphs = true;
    std::array<DecodeGraph, kMatvecTokens + 1> m_decode_graphs {};
    std::uint64_t m_buffer_generation = 0; // bumped whenever a buffer is reallocated

    // Activations on the GPU, [tokens][width] each; sized for the largest batch so far.
    std::size_t m_capacity = 0;
    DeviceBuffer m_x; // residual stream [hidden]
    DeviceBuffer m_norm; // normalised input of a block [hidden]
    DeviceBuffer m_qkv; // fused projections [q_dim + 2 kv_dim]
    DeviceBuffer m_q, m_k, m_v; // [q_dim], [kv_dim], [kv_dim]
    DeviceBuffer m_attention; // per-head outputs [q_dim]
    DeviceBuffer m_projected; // [hidden]
    DeviceBuffer m_gate, m_up; // [ffn] each, or [2 ffn] fused in m_gate
    DeviceBuffer m_hidden_ffn; // [ffn]
    DeviceBuffer m_angles; // [rope_dims]
    DeviceBuffer m_slots, m_positions; // int each
    DeviceBuffer m_selected; // the tokens whose logits or hidden states are wanted [hidden]
    DeviceBuffer m_logits; // [vocab]
    DeviceBuffer m_attention_scratch;

    // Host staging of each step's inputs.
    std::vector<float> m_host_x, m_host_angles;
    std::vector<int> m_host_slots, m_host_positions;
};

} // namespace hearth::cuda
