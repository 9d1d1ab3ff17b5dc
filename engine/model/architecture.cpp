#include "engine/model/architecture.h"

#include <array>

namespace hearth {
namespace {

constexpr std::array kArchitectures {
    Architecture {
        .name = "llama",
        .rope = RopeStyle::Adjacent,
        .qkv_bias = true,
        .experts = ExpertUse::WhenCounted, // Mixtral
    },
    Architecture {
        .name = "qwen2",
        .qkv_bias = true,
    },
    Architecture {
        .name = "qwen3",
        .qk_norm = true,
    },
    Architecture {
        .name = "qwen3moe",
        .qk_norm = true,
        .experts = ExpertUse::Always,
    },
    Architecture {
        .name = "gpt-oss",
        .qkv_bias = true,
        .output_bias = true,
        .attention_sinks = true,
        .sliding_window_period = 2,
        .ffn_norm = "post_attention_norm",
        .activation = GatedActivation::SwiGluClamped,
        .experts = ExpertUse::Always,
        .gating = ExpertGating::TopKSoftmax,
        .expert_biases = true,
    },
    Architecture {
        .name = "phi3",
        .fused_qkv = true,
        .fused_gate_up = true,
    },
};

} // namespace

std::span<const Architecture> architectures()
{
    return kArchitectures;
}

const Architecture* find_architecture(std::string_view name)
{
    for (const auto& architecture : kArchitectures)
        if (architecture.name == name)
            return &architecture;
    return nullptr;
}

std::string architecture_list()
{
    std::string list;
    for (const auto& architecture : kArchitectures)
        list += (list.empty() ? "" : ", ") + std::string(architecture.name);
    return list;
}

} // namespace hearth
