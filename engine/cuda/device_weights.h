#pragma once

#include <cstddef>
#include <vector>

#include "cuda/device_buffer.h"
#include "cuda/matmul.h"

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

// Bytes upload_weights allocates for `model`: what the planner's weights
// figure must agree with.
std::size_t device_weight_bytes(const Model& model);

// Copies the model's weights (all but the token embedding, which the CPU
// reads a row at a time) to the current GPU. Throws CudaError.
DeviceWeights upload_weights(const Model& model);

} // namespace hearth::cuda
