#include "engine/quant/quant_mix.h"

#include <charconv>
#include <string_view>

namespace hearth {

namespace {

// The broad kinds of tensor llama.cpp's mixes tell apart, by name.
enum class Role { Other, Embedding, Value, Key, Query, AttentionOutput, FfnUp, FfnGate, FfnDown };

Role role_of(std::string_view name)
{
    const auto has = [name](std::string_view part) { return name.find(part) != std::string_view::npos; };
    if (name == "token_embd.weight" || name == "per_layer_token_embd.weight")
        return Role::Embedding;
    if (holds_values(name))
        return Role::Value;
    if (has("attn_k.weight"))
        return Role::Key;
    if (has("attn_q.weight"))
        return Role::Query;
    if (has("attn_output.weight"))
        return Role::AttentionOutput;
    if (has("ffn_up"))
        return Role::FfnUp;
    if (has("ffn_gate"))
        return Role::FfnGate;
    if (has("ffn_down"))
        return Role::FfnDown;
    return Role::Other;
}

// llama.cpp's choice of layers that get more bits in the _M mixes.
bool more_bits(int layer, int layers)
{
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}

GgmlType base_type(ModelQuant target)
{
    switch (target) {
    case ModelQuant::F16:
        return GgmlType::F16;
    case ModelQuant::BF16:
        return GgmlType::BF16;
    case ModelQuant::Q8_0:
        return GgmlType::Q8_0;
    case ModelQuant::Q6_K:
        return GgmlType::Q6_K;
    case ModelQuant::Q5_K_M:
    case ModelQuant::Q5_K_S:
        return GgmlType::Q5_K;
    case ModelQuant::Q4_K_M:
    case ModelQuant::Q4_K_S:
        return GgmlType::Q4_K;
    case ModelQuant::Q4_0:
        return GgmlType::Q4_0;
    case ModelQuant::Q5_1:
        return GgmlType::Q5_1;
    case ModelQuant::Q5_0:
        return GgmlType::Q5_0;
    case ModelQuant::Q4_1:
        return GgmlType::Q4_1;
    case ModelQuant::Q3_K_L:
    case ModelQuant::Q3_K_M:
    case ModelQuant::Q3_K_S:
        return GgmlType::Q3_K;
    case ModelQuant::Q2_K:
        return GgmlType::Q2_K;
    case ModelQuant::IQ4_NL:
        return GgmlType::IQ4_NL;
    case ModelQuant::IQ4_XS:
        return GgmlType::IQ4_XS;
    case ModelQuant::IQ3_M:
    case ModelQuant::IQ3_S:
    case ModelQuant::IQ3_XS:
        return GgmlType::IQ3_S;
    case ModelQuant::IQ3_XXS:
        return GgmlType::IQ3_XXS;
    case ModelQuant::IQ2_M:
        return GgmlType::IQ2_S;
    case ModelQuant::IQ2_S: // IQ2_XS with IQ2_M's heavier attn_v and ffn_down
    case ModelQuant::IQ2_XS:
        return GgmlType::IQ2_XS;
    case ModelQuant::IQ2_XXS:
        return GgmlType::IQ2_XXS;
    case ModelQuant::IQ1_M:
        return GgmlType::IQ1_M;
    case ModelQuant::IQ1_S:
        return GgmlType::IQ1_S;
    case ModelQuant::TQ2_0:
        return GgmlType::TQ2_0;
    case ModelQuant::TQ1_0:
        return GgmlType::TQ1_0;
    case ModelQuant::MXFP4_MOE:
        return GgmlType::MXFP4;
    }
    return GgmlType::F16;
}

// The 1- and 2-bit mixes, which llama.cpp gives rules of their own.
bool below_three_bits(ModelQuant target)
{
    switch (target) {
    case ModelQuant::IQ2_M:
    case ModelQuant::IQ2_S:
    case ModelQuant::IQ2_XS:
    case ModelQuant::IQ2_XXS:
    case ModelQuant::IQ1_M:
    case ModelQuant::IQ1_S:
        return true;
    default:
        return false;
    }
}

// IQ2_S and IQ2_M lift their heavier tensors to IQ3_S; the others to Q2_K.
GgmlType low_bit_lift(ModelQuant target)
{
    return target == ModelQuant::IQ2_S || target == ModelQuant::IQ2_M ? GgmlType::IQ3_S : GgmlType::Q2_K;
}

// The 1- and 2-bit mixes: attn_v, the first eighth of ffn_down and
// attn_output get more bits; the rest stays at the base type.
GgmlType below_three_bits_type(GgmlType base, std::string_view name, Role role, const QuantMix& mix)
{
    switch (role) {
    case Role::Value:
        return mix.gqa >= 4 || mix.experts >= 4 ? GgmlType::Q4_K : low_bit_lift(mix.target);
    case Role::Key:
        return mix.experts == 8 ? GgmlType::Q4_K : base;
    case Role::FfnDown:
        return tensor_layer(name) < mix.layers / 8 ? low_bit_lift(mix.target) : base;
    case Role::AttentionOutput:
        if (mix.experts == 8)
            return GgmlType::Q5_K;
        if (mix.target == ModelQuant::IQ1_S || mix.target == ModelQuant::IQ1_M)
            return GgmlType::IQ2_XXS;
        if (mix.target == ModelQuant::IQ2_S || mix.target == ModelQuant::IQ2_M)
            return GgmlType::IQ3_S;
        return base;
    default:
        return base;
    }
}

// The embedding when it is not the output's too: the very low mixes keep
// it at Q2_K, IQ3_S or (ternary) Q4_K, since every token reads it.
GgmlType embedding_type(GgmlType base, ModelQuant target)
{
    switch (target) {
    case ModelQuant::IQ2_XXS:
    case ModelQuant::IQ2_XS:
    case ModelQuant::IQ1_S:
    case ModelQuant::IQ1_M:
        return GgmlType::Q2_K;
    case ModelQuant::IQ2_S:
    case ModelQuant::IQ2_M:
    case ModelQuant::IQ3_XXS:
        return GgmlType::IQ3_S;
    case ModelQuant::TQ2_0:
    case ModelQuant::TQ1_0:
        return GgmlType::Q4_K;
    default:
        return base;
    }
}

std::uint64_t block_elements(GgmlType type)
{
    return ggml_type_traits(static_cast<std::uint32_t>(type))->block_elements;
}

GgmlType value_type(GgmlType base, int index, const QuantMix& mix)
{
    GgmlType type = base;
    switch (mix.target) {
    case ModelQuant::Q2_K:
        type = mix.gqa >= 4 ? GgmlType::Q4_K : GgmlType::Q3_K;
        break;
    case ModelQuant::Q3_K_M:
        type = index < 2 ? GgmlType::Q5_K : GgmlType::Q4_K;
        break;
    case ModelQuant::Q3_K_L:
        type = GgmlType::Q5_K;
        break;
    case ModelQuant::IQ4_NL:
    case ModelQuant::IQ4_XS:
        if (mix.gqa >= 4)
            type = GgmlType::Q5_K;
        break;
    case ModelQuant::IQ3_XXS:
        type = mix.gqa >= 4 ? GgmlType::Q4_K : !mix.importance ? GgmlType::IQ3_S : GgmlType::IQ3_XXS;
        break;
    case ModelQuant::IQ3_XS:
    case ModelQuant::IQ3_S:
        if (mix.gqa >= 4)
            type = GgmlType::Q4_K;
        break;
    case ModelQuant::IQ3_M:
        type = GgmlType::Q4_K;
        break;
    case ModelQuant::Q4_K_M:
    case ModelQuant::Q5_K_M:
        if (more_bits(index, mix.values))
            type = GgmlType::Q6_K;
        break;
    case ModelQuant::Q4_K_S:
        if (index < 4)
            type = GgmlType::Q5_K;
        break;
    default:
        break;
    }
    // A 70B model's attn_v is an eighth of attn_q's size: more bits cost little.
    if (mix.class_70b && (type == GgmlType::Q3_K || type == GgmlType::Q4_K))
        type = GgmlType::Q5_K;
    if (mix.experts == 8)
        type = GgmlType::Q8_0;
    return type;
}

GgmlType ffn_down_type(GgmlType base, int layer, const QuantMix& mix)
{
    const int layers = mix.layers;
    switch (mix.target) {
    case ModelQuant::Q2_K:
        return GgmlType::Q3_K;
    case ModelQuant::IQ3_XXS:
        if (mix.importance)
            return base;
        return layer < layers / 8 ? GgmlType::Q4_K : GgmlType::Q3_K;
    case ModelQuant::Q3_K_M:
        return layer < layers / 16 ? GgmlType::Q5_K : GgmlType::Q4_K;
    case ModelQuant::IQ3_M:
        return layer < layers / 8 || (mix.experts == 8 && more_bits(layer, layers)) ? GgmlType::Q4_K : base;
    case ModelQuant::Q3_K_L:
        return GgmlType::Q5_K;
    case ModelQuant::Q4_K_M:
    case ModelQuant::Q5_K_M:
        return more_bits(layer, layers) ? GgmlType::Q6_K : base;
    case ModelQuant::IQ4_NL:
    case ModelQuant::IQ4_XS:
        return layer < layers / 8 && !mix.importance ? GgmlType::Q5_K : base;
    case ModelQuant::Q4_K_S:
        return layer < layers / 8 ? GgmlType::Q5_K : base;
    // With an importance matrix the first ffn_down layers of Q4_0 and Q5_0
    // can still go wrong; their _1 forms hold them.
    case ModelQuant::Q4_0:
        return mix.importance && layer < layers / 8 ? GgmlType::Q4_1 : base;
    case ModelQuant::Q5_0:
        return mix.importance && layer < layers / 8 ? GgmlType::Q5_1 : base;
    default:
        return base;
    }
}

GgmlType attention_output_type(GgmlType base, const QuantMix& mix)
{
    if (mix.experts == 8) {
        switch (mix.target) {
        case ModelQuant::Q2_K:
        case ModelQuant::Q3_K_S:
        case ModelQuant::Q3_K_M:
        case ModelQuant::IQ4_NL:
        case ModelQuant::Q4_K_S:
        case ModelQuant::Q4_K_M:
        case ModelQuant::IQ4_XS:
        case ModelQuant::IQ3_XS:
        case ModelQuant::IQ3_XXS:
        case ModelQuant::IQ3_S:
        case ModelQuant::IQ3_M:
            return GgmlType::Q5_K;
        default:
            return base;
        }
    }
    switch (mix.target) {
    case ModelQuant::Q2_K:
        return GgmlType::Q3_K;
    case ModelQuant::IQ3_XXS:
        return GgmlType::IQ3_S;
    case ModelQuant::Q3_K_M:
    case ModelQuant::IQ3_M:
        return GgmlType::Q4_K;
    case ModelQuant::Q3_K_L:
        return GgmlType::Q5_K;
    default:
        return base;
    }
}

GgmlType mixed_type(std::string_view name, std::uint64_t row, bool output, int value_index, const QuantMix& mix)
{
    const GgmlType base = base_type(mix.target);
    if (base == GgmlType::F16 || base == GgmlType::BF16)
        return base; // not a quantization: every tensor as it says
    if (mix.target == ModelQuant::MXFP4_MOE)
        return name.find("_exps.") != std::string_view::npos ? GgmlType::MXFP4 : GgmlType::Q8_0;
    if (output) {
        if (row % block_elements(base) != 0)
            return GgmlType::Q8_0;
        if (below_three_bits(mix.target) || mix.target == ModelQuant::IQ3_XXS)
            return GgmlType::Q5_K;
        return base == GgmlType::Q8_0 ? base : GgmlType::Q6_K;
    }
    const Role role = role_of(name);
    if (role == Role::Embedding)
        return embedding_type(base, mix.target);
    if (below_three_bits(mix.target))
        return below_three_bits_type(base, name, role, mix);
    // IQ3_XS puts the middle layers' ffn_gate and ffn_up, and IQ3_XS and
    // IQ3_XXS attn_q and attn_k, one grid lower.
    const bool middle = tensor_layer(name) >= mix.layers / 8 && tensor_layer(name) < 7 * mix.layers / 8;
    switch (role) {
    case Role::Value:
        return value_type(base, value_index, mix);
    case Role::Key:
        if (mix.experts == 8)
            return GgmlType::Q8_0;
        [[fallthrough]];
    case Role::Query:
        if (mix.target == ModelQuant::IQ3_XS)
            return GgmlType::IQ3_XXS;
        return mix.target == ModelQuant::IQ3_XXS ? GgmlType::IQ2_S : base;
    case Role::FfnGate:
    case Role::FfnUp:
        return mix.target == ModelQuant::IQ3_XS && middle ? GgmlType::IQ3_XXS : base;
    case Role::FfnDown:
        return ffn_down_type(base, tensor_layer(name), mix);
    case Role::AttentionOutput:
        return attention_output_type(base, mix);
    default:
        return base;
    }
}

// The type when the row length is not a whole number of `type`'s blocks:
// llama.cpp's table of 32-element stand-ins (a Q4_K row of 896 becomes
// Q5_0, as in the Qwen2.5-0.5B files people download), and F16 where 32
// does not divide the row either. Following it to the letter is what makes
// Hearth's files byte-identical to llama-quantize's.
GgmlType fitting(GgmlType type, std::uint64_t row)
{
    if (row % block_elements(type) == 0)
        return type;
    GgmlType fallback = type;
    switch (type) {
    case GgmlType::IQ1_S:
    case GgmlType::IQ1_M:
    case GgmlType::IQ2_XXS:
    case GgmlType::IQ2_XS:
    case GgmlType::IQ2_S:
    case GgmlType::IQ3_XXS:
    case GgmlType::IQ3_S:
    case GgmlType::IQ4_XS:
        fallback = GgmlType::IQ4_NL;
        break;
    case GgmlType::Q2_K:
    case GgmlType::Q3_K:
    case GgmlType::TQ1_0:
    case GgmlType::TQ2_0:
        fallback = GgmlType::Q4_0;
        break;
    case GgmlType::Q4_K:
        fallback = GgmlType::Q5_0;
        break;
    case GgmlType::Q5_K:
        fallback = GgmlType::Q5_1;
        break;
    case GgmlType::Q6_K:
        fallback = GgmlType::Q8_0;
        break;
    default:
        break;
    }
    return row % block_elements(fallback) == 0 ? fallback : GgmlType::F16;
}

} // namespace

int tensor_layer(std::string_view name)
{
    if (!name.starts_with("blk."))
        return -1;
    int layer = -1;
    std::from_chars(name.data() + 4, name.data() + name.size(), layer);
    return layer;
}

bool holds_values(std::string_view name)
{
    // A fused projection (Phi-3's attn_qkv) and MLA's attn_kv_b hold them too.
    return name.find("attn_v.weight") != std::string_view::npos
        || name.find("attn_qkv.weight") != std::string_view::npos
        || name.find("attn_kv_b.weight") != std::string_view::npos;
}

bool importance_required(std::string_view name, GgmlType type)
{
    if (name == "token_embd.weight" || name == "output.weight")
        return false;
    switch (type) {
    case GgmlType::IQ3_XXS:
    case GgmlType::IQ2_XXS:
    case GgmlType::IQ2_XS:
    case GgmlType::IQ2_S:
    case GgmlType::IQ1_M:
    case GgmlType::IQ1_S:
        return true;
    default:
        return false;
    }
}

bool is_quantizable_tensor(std::string_view name, std::size_t dimensions)
{
    if (dimensions < 2 || !name.ends_with("weight"))
        return false;
    for (std::string_view kept : { "_norm.weight", "ffn_gate_inp.weight", "altup", "laurel", "per_layer_model_proj",
             "ssm_conv1d", "shortconv.conv.weight", "attn_rel_b.weight", ".position_embd", ".patch_embd" })
        if (name.find(kept) != std::string_view::npos)
            return false;
    return name != "position_embd.weight" && name != "token_types.weight";
}

GgmlType planned_matrix_type(
    std::string_view name, std::uint64_t row_length, bool output, int value_index, const QuantMix& mix)
{
    return fitting(mixed_type(name, row_length, output, value_index, mix), row_length);
}

} // namespace hearth
