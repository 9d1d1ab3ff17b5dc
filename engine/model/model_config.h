#pragma once

#include <cstdint>
#include <string>

#include "engine/model/architecture.h"
#include "engine/model/model_shape.h"

namespace hearth {

class GgufFile;

// What the forward pass needs to know beyond the shape: the blocks of the
// architecture and the numbers that tune them.
struct ModelConfig {
    ModelShape shape;
    Architecture architecture; // the blocks its layers run
    bool experts() const { return shape.experts > 0; } // feed-forward blocks are a router's experts
    std::uint32_t rope_dims = 0; // leading dimensions of each head that RoPE rotates
    float rope_base = 10000.0f;
    float rope_freq_scale = 1.0f; // 1 / linear scaling factor
    float rope_attention_factor = 1.0f; // scales cos and sin (LongRoPE's attention factor, Phi-3.5)
    std::uint32_t rope_original_context = 0; // beyond it LongRoPE's long factors apply
    float rms_eps = 1e-5f;
};

// The architectures this engine runs, by GGUF name.
bool is_supported_architecture(const std::string& name);

// Reads and checks the hyper-parameters. Throws ModelError for another
// architecture (naming it and the ones supported) or a missing value.
ModelConfig model_config_from_gguf(const GgufFile& file);

} // namespace hearth
