#pragma once

#include <cstddef>
#include <vector>

#include "engine/cuda/device_buffer.h"
#include "engine/cuda/matmul.h"

namespace hearth {
class Model;
}

namespace hearth::cuda {

// One transformer block's weights on the GPU, as cpu's LayerWeights: the
// matrices in their GGUF formats in one allocation, the small vectors as
// floats (empty buffers where the architecture has none).
struct DeviceLayer {
    DeviceBuffer attn_norm; // [hidden]
    DeviceMatrix wq, wk, wv, wqkv; // [q_dim, hidden], [kv_dim, hidden] ×2; or fused [q_dim + 2 kv_dim, hidden]
    DeviceBuffer bq, bk, bv; // [q_dim], [kv_dim] ×2 (Qwen2)
    DeviceBuffer q_norm, k_norm; // [head_dim] (Qwen3)
    DeviceMatrix wo; // [hidden, q_dim]
    DeviceBuffer ffn_norm; // [hidden]
    DeviceMatrix w_gate, w_up, w_gate_up; // [ffn, hidden] ×2; or fused [2 ffn, hidden]
    DeviceMatrix w_down; // [hidden, ffn]
    DeviceBuffer matrices; // where the DeviceMatrix entries point
};

struct DeviceWeights {
    std::vector<DeviceLayer> layers;
    DeviceBuffer output_norm; // [hidden]
    DeviceMatrix output; // [vocab, hidden]
    DeviceBuffer output_matrix;
    std::size_t bytes = 0;
};

// Bytes upload_weights allocates for the first `layers` layers of `model`
// (and the output projection when that is all of them): what the planner's
// weights figure must agree with. Per layer, and the output, too.
std::size_t device_weight_bytes(const Model& model, std::size_t layers);
std::size_t device_layer_bytes(const Model& model, std::size_t layer);
std::size_t device_output_bytes(const Model& model);

// Copies the weights of the first `layers` layers, and the output
// projection when that is all of them, to the current GPU (the token
// embedding stays with the CPU, which reads a row a token). Throws CudaError.
DeviceWeights upload_weights(const Model& model, std::size_t layers);

} // namespace hearth::cuda
