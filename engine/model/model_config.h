#pragma once

#include <cstddef>
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
    // YaRN (gpt-oss): each dimension's angle blends the scaled and the
    // unscaled one, by a ramp from 1 at dimension pair rope_yarn_low down to 0
    // at rope_yarn_high; cos and sin grow by 1 + 0.1 ln(factor).
    bool rope_yarn = false;
    float rope_yarn_low = 0.0f, rope_yarn_high = 0.0f;
    float rms_eps = 1e-5f;
    // Sliding-window attention: the layers for which windowed() holds see
    // only the last `sliding_window` positions, their own included; every
    // period-th layer sees them all (period 0: none does).
    std::uint32_t sliding_window = 0;
    std::uint32_t sliding_window_period = 0;
    bool windowed(std::size_t layer) const { return windowed_layer(layer, sliding_window, sliding_window_period); }
};

// The architectures this engine runs, by GGUF name.
bool is_supported_architecture(const std::string& name);

// Reads and checks the hyper-parameters. Throws ModelError for another
// architecture (naming it and the ones supported) or a missing value.
ModelConfig model_config_from_gguf(const GgufFile& file);

} // namespace hearth
