#include "engine/model/model_config.h"

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
    if (const auto scaling = file.get_string(key("rope.scaling.type"))) {
        if (*scaling == "linear") {
            const double factor = file.get_float(key("rope.scaling.factor")).value_or(1.0);
            if (factor > 0)
                config.rope_freq_scale = static_cast<float>(1.0 / factor);
        } else if (*scaling != "none" && *scaling != "") {
            throw ModelError(file.source() + ": RoPE scaling \"" + std::string(*scaling)
                + "\" is not supported (Hearth supports none, linear and Llama 3's frequency factors)");
        }
    }
    config.rope_attention_factor = static_cast<float>(file.get_float(key("rope.scaling.attn_factor")).value_or(1.0));
    config.rope_original_context = static_cast<std::uint32_t>(
        file.get_uint(key("rope.scaling.original_context_length")).value_or(s.max_context));
    const auto eps = file.get_float(key("attention.layer_norm_rms_epsilon"));
    if (!eps)
        throw ModelError(file.source() + ": " + key("attention.layer_norm_rms_epsilon") + " is missing");
    config.rms_eps = static_cast<float>(*eps);
    return config;
}

} // namespace hearth
