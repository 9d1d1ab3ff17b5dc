#include "engine/model/model_shape.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <numeric>

#include "engine/gguf/gguf_file.h"
#include "engine/model/architecture.h"

namespace hearth {
namespace {

std::uint64_t attention_parameters(const ModelShape& s)
{
    const std::uint64_t hidden = s.hidden;
    if (s.uses_mla()) {
        const std::uint64_t qk_dim = s.nope_head_dim + s.rope_head_dim;
        const std::uint64_t q = s.q_lora_rank
            ? hidden * s.q_lora_rank + s.q_lora_rank + std::uint64_t { s.q_lora_rank } * s.heads * qk_dim
            : hidden * s.heads * qk_dim;
        const std::uint64_t kv_a = hidden * (s.kv_lora_rank + s.rope_head_dim) + s.kv_lora_rank;
        const std::uint64_t kv_b = std::uint64_t { s.kv_lora_rank } * s.heads * (s.nope_head_dim + s.v_head_dim);
        const std::uint64_t o = std::uint64_t { s.heads } * s.v_head_dim * hidden;
        return q + kv_a + kv_b + o;
    }
    const std::uint64_t q_dim = std::uint64_t { s.heads } * s.head_dim;
    const std::uint64_t kv_dim = std::uint64_t { s.kv_heads } * s.head_dim;
    const std::uint64_t bias = s.attention_bias ? q_dim + 2 * kv_dim : 0;
    return hidden * q_dim + 2 * hidden * kv_dim + q_dim * hidden + bias;
}

std::uint64_t ffn_parameters(const ModelShape& s, std::uint32_t layer)
{
    const std::uint64_t hidden = s.hidden;
    if (!s.is_moe() || layer < s.dense_layers)
        return 3 * hidden * s.ffn; // gate, up, down
    const std::uint64_t expert = 3 * hidden * s.expert_ffn;
    return (std::uint64_t { s.experts } + s.shared_experts) * expert + hidden * s.experts; // + router
}

std::string file_type_name(std::uint64_t file_type)
{
    // llama.cpp's enum llama_ftype: how a quantizer labels the whole file.
    static const std::map<std::uint64_t, const char*> kNames {
        { 0, "F32" },
        { 1, "F16" },
        { 2, "Q4_0" },
        { 3, "Q4_1" },
        { 7, "Q8_0" },
        { 8, "Q5_0" },
        { 9, "Q5_1" },
        { 10, "Q2_K" },
        { 11, "Q3_K_S" },
        { 12, "Q3_K_M" },
        { 13, "Q3_K_L" },
        { 14, "Q4_K_S" },
        { 15, "Q4_K_M" },
        { 16, "Q5_K_S" },
        { 17, "Q5_K_M" },
        { 18, "Q6_K" },
        { 19, "IQ2_XXS" },
        { 20, "IQ2_XS" },
        { 21, "Q2_K_S" },
        { 22, "IQ3_XS" },
        { 23, "IQ3_XXS" },
        { 24, "IQ1_S" },
        { 25, "IQ4_NL" },
        { 26, "IQ3_S" },
        { 27, "IQ3_M" },
        { 28, "IQ2_S" },
        { 29, "IQ2_M" },
        { 30, "IQ4_XS" },
        { 31, "IQ1_M" },
        { 32, "BF16" },
        { 36, "TQ1_0" },
        { 37, "TQ2_0" },
        { 38, "MXFP4_MOE" },
    };
    const auto it = kNames.find(file_type);
    return it == kNames.end() ? std::string() : it->second;
}

// Some files store a per-layer array (e.g. head counts that vary by layer);
// the planner budgets for the largest.
std::optional<std::uint64_t> largest_uint(const GgufFile& file, const std::string& key)
{
    const auto* value = file.find(key);
    if (!value)
        return std::nullopt;
    if (value->as_array()) {
        std::optional<std::uint64_t> best;
        for (const auto& element : value->elements())
            if (auto v = element.as_uint(); v && (!best || *v > *best))
                best = v;
        return best;
    }
    return value->as_uint();
}

std::uint32_t narrow(std::uint64_t value, const GgufFile& file, const std::string& key)
{
    if (value > 0xffffffffu)
        throw GgufError(file.source() + ": " + key + " is " + std::to_string(value) + ", far beyond any real model");
    return static_cast<std::uint32_t>(value);
}

// The layer a tensor named "blk.N.…" belongs to.
std::optional<std::uint32_t> layer_of(std::string_view name)
{
    if (!name.starts_with("blk."))
        return std::nullopt;
    name.remove_prefix(4);
    std::uint32_t layer = 0;
    const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), layer);
    if (error != std::errc() || end == name.data() || end == name.data() + name.size() || *end != '.')
        return std::nullopt;
    return layer;
}

} // namespace

std::uint64_t ParameterCount::total() const
{
    return std::accumulate(per_layer.begin(), per_layer.end(), embedding + output);
}

ParameterCount count_parameters(const ModelShape& s)
{
    ParameterCount count;
    const std::uint64_t norms = 2 * std::uint64_t { s.hidden };
    const std::uint64_t expert = 3 * std::uint64_t { s.hidden } * s.expert_ffn;
    for (std::uint32_t layer = 0; layer < s.layers; ++layer) {
        count.per_layer.push_back(attention_parameters(s) + ffn_parameters(s, layer) + norms);
        if (s.is_moe() && layer >= s.dense_layers)
            count.idle_experts += std::uint64_t { s.experts - std::min(s.experts_used, s.experts) } * expert;
    }
    count.embedding = std::uint64_t { s.vocab } * s.hidden;
    count.output = (s.tied_embeddings ? 0 : std::uint64_t { s.vocab } * s.hidden) + s.hidden;
    return count;
}

std::uint64_t StoredWeights::total_bytes() const
{
    return std::accumulate(layer_bytes.begin(), layer_bytes.end(), embedding_bytes + output_bytes);
}

ModelShape shape_from_gguf(const GgufFile& file)
{
    ModelShape s;
    const auto arch = file.get_string("general.architecture");
    if (!arch)
        throw GgufError(file.source() + ": general.architecture is missing — not a model file Hearth can plan for");
    s.architecture = std::string(*arch);
    const auto key = [&](const char* suffix) { return s.architecture + "." + suffix; };
    const auto required = [&](const char* suffix) {
        const auto name = key(suffix);
        const auto value = largest_uint(file, name);
        if (!value)
            throw GgufError(file.source() + ": " + name + " is missing — the file's metadata is incomplete");
        return narrow(*value, file, name);
    };
    const auto optional = [&](const char* suffix, std::uint32_t fallback) {
        const auto name = key(suffix);
        const auto value = largest_uint(file, name);
        return value ? narrow(*value, file, name) : fallback;
    };

    s.layers = required("block_count");
    s.hidden = required("embedding_length");
    s.heads = required("attention.head_count");
    s.kv_heads = optional("attention.head_count_kv", s.heads);
    s.head_dim = optional("attention.key_length", s.heads ? s.hidden / s.heads : 0);
    s.ffn = optional("feed_forward_length", 0);
    s.max_context = optional("context_length", 0);
    s.experts = optional("expert_count", 0);
    s.experts_used = optional("expert_used_count", 0);
    s.shared_experts = optional("expert_shared_count", 0);
    s.expert_ffn = optional("expert_feed_forward_length", s.ffn);
    s.dense_layers = optional("leading_dense_block_count", 0);
    if (const Architecture* description = find_architecture(s.architecture);
        description && description->sliding_window_period > 0) {
        s.sliding_window = optional("attention.sliding_window", 0);
        const auto period = optional("attention.sliding_window_pattern", description->sliding_window_period);
        for (std::uint32_t layer = 0; layer < s.layers; ++layer)
            s.windowed_layers += windowed_layer(layer, s.sliding_window, period);
    }
    s.q_lora_rank = optional("attention.q_lora_rank", 0);
    s.kv_lora_rank = optional("attention.kv_lora_rank", 0);
    if (s.uses_mla()) {
        s.rope_head_dim = optional("rope.dimension_count", 64);
        s.nope_head_dim = s.head_dim > s.rope_head_dim ? s.head_dim - s.rope_head_dim : 0;
        s.v_head_dim = optional("attention.value_length", s.head_dim);
    }

    if (const auto* tokens = file.find("tokenizer.ggml.tokens"); tokens && tokens->as_array())
        s.vocab = narrow(tokens->as_array()->count, file, "tokenizer.ggml.tokens");
    if (const auto* embedding = file.find_tensor("token_embd.weight"); embedding && embedding->shape.size() >= 2)
        s.vocab = narrow(embedding->shape[1], file, "token_embd.weight");
    s.tied_embeddings = file.find_tensor("output.weight") == nullptr;
    s.attention_bias = file.find_tensor("blk.0.attn_q.bias") != nullptr;
    return s;
}

StoredWeights stored_weights(const GgufFile& file, const ModelShape& shape)
{
    StoredWeights weights;
    weights.layer_bytes.assign(shape.layers, 0);
    std::map<GgmlType, std::uint64_t> bytes_by_type;
    for (const auto& tensor : file.tensors()) {
        weights.parameters += tensor.elements;
        if (tensor.shape.size() >= 2)
            bytes_by_type[tensor.type] += tensor.bytes;
        if (tensor.name == "token_embd.weight")
            weights.embedding_bytes += tensor.bytes;
        else if (const auto layer = layer_of(tensor.name); layer && *layer < shape.layers)
            weights.layer_bytes[*layer] += tensor.bytes;
        else
            weights.output_bytes += tensor.bytes;
    }
    if (const auto file_type = file.get_uint("general.file_type"))
        weights.quantization = file_type_name(*file_type);
    if (weights.quantization.empty() && !bytes_by_type.empty()) {
        const auto dominant = std::max_element(bytes_by_type.begin(), bytes_by_type.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
        weights.quantization = std::string(ggml_type_traits(static_cast<std::uint32_t>(dominant->first))->name);
    }
    return weights;
}

} // namespace hearth
