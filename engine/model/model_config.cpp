#include "engine/model/model_config.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string_view>

#include "engine/gguf/gguf_file.h"
#include "engine/model/model_error.h"

namespace hearth {
namespace {

// A router's numbers: Hearth runs what the architecture allows, with at
// least one expert chosen of those there are.
void check_experts(const GgufFile& file, const Architecture& architecture, const ModelShape& s)
{
    const std::string name(architecture.name);
    if (architecture.experts == ExpertUse::Never && s.experts > 0)
        throw ModelError(file.source() + ": the " + name + " architecture has no experts, but the file counts "
            + std::to_string(s.experts));
    if (architecture.experts == ExpertUse::Always && s.experts == 0)
        throw ModelError(
            file.source() + ": " + name + ".expert_count is missing: " + name + " is a mixture of experts");
    if (s.experts > 0 && (s.experts_used == 0 || s.experts_used > s.experts || s.expert_ffn == 0))
        throw ModelError(file.source() + ": the experts' numbers do not add up (" + std::to_string(s.experts)
            + " experts, " + std::to_string(s.experts_used) + " used per token, " + std::to_string(s.expert_ffn)
            + " wide)");
}

// The dimension pair whose wavelength fits `rotations` times into the
// original context: YaRN's ramp runs between those of 32 and 1 rotations.
float yarn_correction_dim(const ModelConfig& config, float rotations)
{
    const auto dims = static_cast<float>(config.rope_dims);
    return dims
        * std::log(static_cast<float>(config.rope_original_context) / (rotations * 2 * std::numbers::pi_v<float>))
        / (2 * std::log(config.rope_base));
}

// YaRN as llama.cpp applies it: the ramp's ends, and an attention factor that
// cancels its own magnitude correction, leaving the one the rotation applies.
void configure_yarn(ModelConfig& config, float factor)
{
    constexpr float kBetaFast = 32.0f, kBetaSlow = 1.0f;
    config.rope_yarn = true;
    config.rope_freq_scale = 1.0f / factor;
    config.rope_yarn_low = std::max(0.0f, std::floor(yarn_correction_dim(config, kBetaFast)));
    config.rope_yarn_high
        = std::min(static_cast<float>(config.rope_dims - 1), std::ceil(yarn_correction_dim(config, kBetaSlow)));
    const float inverse = 1.0f / config.rope_freq_scale;
    const float magnitude = inverse <= 1.0f ? 1.0f : 0.1f * std::log(inverse) + 1.0f;
    config.rope_attention_factor *= magnitude * (1.0f / (1.0f + 0.1f * std::log(inverse)));
}

} // namespace

bool is_supported_architecture(const std::string& name)
{
    return find_architecture(name) != nullptr;
}

ModelConfig model_config_from_gguf(const GgufFile& file)
{
    const auto architecture = file.get_string("general.architecture");
    if (!architecture)
        throw ModelError(file.source() + ": general.architecture is missing: this is not a model file");
    const std::string arch(*architecture);
    const Architecture* description = find_architecture(arch);
    if (!description)
        throw ModelError(file.source() + ": the architecture \"" + arch + "\" is not supported (Hearth runs "
            + architecture_list() + ")");

    ModelConfig config;
    config.architecture = *description;
    config.shape = shape_from_gguf(file);
    const auto& s = config.shape;
    if (s.layers == 0 || s.hidden == 0 || s.heads == 0 || s.kv_heads == 0 || s.head_dim == 0 || s.ffn == 0
        || s.vocab == 0)
        throw ModelError(file.source()
            + ": the hyper-parameters are incomplete (layers, width, heads, "
              "feed-forward width or vocabulary is zero)");
    if (s.heads % s.kv_heads != 0)
        throw ModelError(file.source() + ": " + std::to_string(s.heads) + " attention heads cannot share "
            + std::to_string(s.kv_heads) + " key/value heads evenly");

    check_experts(file, *description, s);

    const auto key = [&](std::string_view name) { return arch + "." + std::string(name); };
    config.rope_dims = static_cast<std::uint32_t>(file.get_uint(key("rope.dimension_count")).value_or(s.head_dim));
    if (config.rope_dims > s.head_dim || config.rope_dims % 2 != 0)
        throw ModelError(file.source() + ": rope.dimension_count " + std::to_string(config.rope_dims)
            + " does not fit a head of " + std::to_string(s.head_dim));
    config.rope_base = static_cast<float>(file.get_float(key("rope.freq_base")).value_or(10000.0));
    config.rope_attention_factor = static_cast<float>(file.get_float(key("rope.scaling.attn_factor")).value_or(1.0));
    config.rope_original_context = static_cast<std::uint32_t>(
        file.get_uint(key("rope.scaling.original_context_length")).value_or(s.max_context));
    if (const auto scaling = file.get_string(key("rope.scaling.type"))) {
        const auto factor = static_cast<float>(file.get_float(key("rope.scaling.factor")).value_or(0.0));
        if (*scaling == "linear" && factor > 0) {
            config.rope_freq_scale = 1.0f / factor;
        } else if (*scaling == "yarn") {
            if (factor <= 0 || config.rope_original_context == 0)
                throw ModelError(file.source() + ": YaRN scaling needs " + key("rope.scaling.factor") + " and "
                    + key("rope.scaling.original_context_length"));
            configure_yarn(config, factor);
        } else if (*scaling != "linear" && *scaling != "none" && *scaling != "") {
            throw ModelError(file.source() + ": RoPE scaling \"" + std::string(*scaling)
                + "\" is not supported (Hearth supports none, linear, YaRN and Llama 3's frequency factors)");
        }
    }
    config.sliding_window = static_cast<std::uint32_t>(file.get_uint(key("attention.sliding_window")).value_or(0));
    config.sliding_window_period = static_cast<std::uint32_t>(
        file.get_uint(key("attention.sliding_window_pattern")).value_or(description->sliding_window_period));
    if (config.sliding_window > 0 && description->sliding_window_period == 0)
        config.sliding_window = 0; // an architecture without windowed layers: the key is informational
    const auto eps = file.get_float(key("attention.layer_norm_rms_epsilon"));
    if (!eps)
        throw ModelError(file.source() + ": " + key("attention.layer_norm_rms_epsilon") + " is missing");
    config.rms_eps = static_cast<float>(*eps);
    return config;
}

} // namespace hearth
