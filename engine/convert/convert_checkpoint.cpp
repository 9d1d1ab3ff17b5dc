#include "engine/convert/convert_checkpoint.h"

#include <cmath>
#include <fstream>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/gguf/gguf_writer.h"
#include "engine/quant/half.h"
#include "engine/text/vocabulary.h"

namespace hearth {

namespace {

using Json = nlohmann::json;

struct Architecture {
    std::string gguf; // general.architecture
    bool permute_qk = false; // Llama-style RoPE (interleaved pairs in ggml)
};

Architecture architecture_of(const Json& config, const std::filesystem::path& path)
{
    std::string name;
    if (config.contains("architectures") && config["architectures"].is_array() && !config["architectures"].empty())
        name = config["architectures"][0].get<std::string>();
    if (name == "LlamaForCausalLM" || name == "MistralForCausalLM")
        return { "llama", true };
    if (name == "Qwen2ForCausalLM")
        return { "qwen2", false };
    if (name == "Qwen3ForCausalLM")
        return { "qwen3", false };
    if (name == "Phi3ForCausalLM")
        return { "phi3", false };
    throw ConvertError(path.string() + ": " + (name.empty() ? std::string("no architecture named") : name)
        + " — Hearth converts Llama, Mistral, Qwen2, Qwen3 and Phi-3 checkpoints");
}

std::uint32_t required(const Json& config, const char* key, const std::filesystem::path& path)
{
    if (!config.contains(key) || !config[key].is_number_unsigned())
        throw ConvertError(path.string() + ": " + key + " is missing");
    return config[key].get<std::uint32_t>();
}

// The bytes of one converted tensor.
void convert_values(const SafetensorsTensor& tensor, std::span<float> out)
{
    const std::byte* data = tensor.data.data();
    const std::size_t n = out.size();
    if (tensor.dtype == "F32") {
        std::memcpy(out.data(), data, n * 4);
    } else if (tensor.dtype == "F16") {
        for (std::size_t i = 0; i < n; ++i) {
            std::uint16_t h;
            std::memcpy(&h, data + 2 * i, 2);
            out[i] = quant::fp16_to_float(h);
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            std::uint16_t h;
            std::memcpy(&h, data + 2 * i, 2);
            out[i] = quant::bf16_to_float(h);
        }
    }
}

void store(std::span<const float> values, GgmlType type, std::span<std::byte> out)
{
    if (type == GgmlType::F32) {
        std::memcpy(out.data(), values.data(), values.size() * 4);
        return;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::uint16_t h
            = type == GgmlType::F16 ? quant::float_to_fp16(values[i]) : quant::float_to_bf16(values[i]);
        std::memcpy(out.data() + 2 * i, &h, 2);
    }
}

// llama.cpp's rope_freqs for Llama 3.1's "llama3" rope scaling.
std::vector<float> llama3_rope_factors(const Json& scaling, float base, std::uint32_t head_dim)
{
    const double factor = scaling.value("factor", 8.0);
    const double low = scaling.value("low_freq_factor", 1.0);
    const double high = scaling.value("high_freq_factor", 4.0);
    const double original = scaling.value("original_max_position_embeddings", 8192.0);
    const double low_wavelen = original / low;
    const double high_wavelen = original / high;
    std::vector<float> factors;
    for (std::uint32_t i = 0; i < head_dim; i += 2) {
        const double frequency = 1.0 / std::pow(double(base), double(i) / head_dim);
        const double wavelen = 2 * std::numbers::pi / frequency;
        if (wavelen < high_wavelen) {
            factors.push_back(1.0f);
        } else if (wavelen > low_wavelen) {
            factors.push_back(float(factor));
        } else {
            const double smooth = (original / wavelen - low) / (high - low);
            factors.push_back(float(1.0 / ((1 - smooth) / factor + smooth)));
        }
    }
    return factors;
}

} // namespace

void permute_rope_rows(std::span<const float> from, std::span<float> to, std::uint32_t heads, std::uint64_t cols)
{
    const std::uint64_t head_rows = from.size() / cols / heads;
    const std::uint64_t half = head_rows / 2;
    for (std::uint64_t h = 0; h < heads; ++h)
        for (std::uint64_t i = 0; i < 2; ++i)
            for (std::uint64_t j = 0; j < half; ++j) {
                const std::uint64_t source = h * head_rows + i * half + j;
                const std::uint64_t target = h * head_rows + 2 * j + i;
                std::copy_n(
                    from.begin() + std::ptrdiff_t(source * cols), cols, to.begin() + std::ptrdiff_t(target * cols));
            }
}

void convert_checkpoint(
    const std::filesystem::path& folder, const std::filesystem::path& out, const ConvertOptions& options)
{
    if (options.type != GgmlType::F16 && options.type != GgmlType::BF16 && options.type != GgmlType::F32)
        throw ConvertError("a checkpoint converts to F16, BF16 or F32; quantize the result for fewer bits");
    const auto config_path = folder / "config.json";
    Json config;
    {
        std::ifstream in(config_path);
        if (!in)
            throw ConvertError(config_path.string() + ": missing (a Hugging Face checkpoint has one)");
        try {
            config = Json::parse(in);
        } catch (const Json::exception& e) {
            throw ConvertError(config_path.string() + ": not valid JSON (" + e.what() + ")");
        }
    }
    const Architecture arch = architecture_of(config, config_path);
    const std::uint32_t hidden = required(config, "hidden_size", config_path);
    const std::uint32_t layers = required(config, "num_hidden_layers", config_path);
    const std::uint32_t heads = required(config, "num_attention_heads", config_path);
    const std::uint32_t kv_heads = config.value("num_key_value_heads", heads);
    const std::uint32_t ffn = required(config, "intermediate_size", config_path);
    const std::uint32_t head_dim = config.contains("head_dim") && config["head_dim"].is_number_unsigned()
        ? config["head_dim"].get<std::uint32_t>()
        : hidden / heads;
    const float rope_base = config.value("rope_theta", 10000.0f);

    const auto tokenizer_path = folder / "tokenizer.json";
    if (!std::filesystem::exists(tokenizer_path))
        throw ConvertError(tokenizer_path.string() + ": missing (Hearth needs the checkpoint's tokenizer)");
    const Vocabulary vocabulary = vocabulary_from_hf(tokenizer_path);
    const SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint::open(folder);

    GgufWriter writer;
    const auto key = [&](const char* name) { return arch.gguf + "." + name; };
    writer.set_string("general.architecture", arch.gguf);
    writer.set_string("general.name", config.value("_name_or_path", folder.filename().string()));
    writer.set_uint32("general.file_type", options.type == GgmlType::F32 ? 0 : options.type == GgmlType::F16 ? 1 : 32);
    writer.set_uint32(key("vocab_size"), static_cast<std::uint32_t>(vocabulary.size()));
    writer.set_uint32(key("context_length"), config.value("max_position_embeddings", 4096u));
    writer.set_uint32(key("embedding_length"), hidden);
    writer.set_uint32(key("block_count"), layers);
    writer.set_uint32(key("feed_forward_length"), ffn);
    writer.set_uint32(key("attention.head_count"), heads);
    writer.set_uint32(key("attention.head_count_kv"), kv_heads);
    writer.set_float32(key("rope.freq_base"), rope_base);
    writer.set_uint32(key("rope.dimension_count"), head_dim);
    writer.set_float32(key("attention.layer_norm_rms_epsilon"), config.value("rms_norm_eps", 1e-6f));
    if (arch.gguf == "qwen3") {
        writer.set_uint32(key("attention.key_length"), head_dim);
        writer.set_uint32(key("attention.value_length"), head_dim);
    }
    write_vocabulary(writer, vocabulary);

    // What each GGUF tensor is made from.
    struct Source {
        std::string gguf;
        const SafetensorsTensor* tensor;
        std::uint32_t permute_heads = 0; // > 0: Llama's Q/K row order
    };
    std::vector<Source> sources;
    const auto need = [&](const std::string& name) -> const SafetensorsTensor* {
        const SafetensorsTensor* tensor = checkpoint.find(name);
        if (!tensor)
            throw ConvertError(folder.string() + ": the checkpoint has no tensor " + name);
        return tensor;
    };
    const auto maybe = [&](const std::string& name) { return checkpoint.find(name); };
    sources.push_back({ "token_embd.weight", need("model.embed_tokens.weight") });
    for (std::uint32_t layer = 0; layer < layers; ++layer) {
        const std::string hf = "model.layers." + std::to_string(layer) + ".";
        const std::string gg = "blk." + std::to_string(layer) + ".";
        sources.push_back({ gg + "attn_norm.weight", need(hf + "input_layernorm.weight") });
        if (arch.gguf == "phi3") {
            sources.push_back({ gg + "attn_qkv.weight", need(hf + "self_attn.qkv_proj.weight") });
        } else {
            sources.push_back(
                { gg + "attn_q.weight", need(hf + "self_attn.q_proj.weight"), arch.permute_qk ? heads : 0 });
            sources.push_back(
                { gg + "attn_k.weight", need(hf + "self_attn.k_proj.weight"), arch.permute_qk ? kv_heads : 0 });
            sources.push_back({ gg + "attn_v.weight", need(hf + "self_attn.v_proj.weight") });
            for (const char* part : { "q", "k", "v" })
                if (const auto* bias = maybe(hf + "self_attn." + part + "_proj.bias"))
                    sources.push_back({ gg + "attn_" + part + ".bias", bias });
        }
        if (arch.gguf == "qwen3") {
            sources.push_back({ gg + "attn_q_norm.weight", need(hf + "self_attn.q_norm.weight") });
            sources.push_back({ gg + "attn_k_norm.weight", need(hf + "self_attn.k_norm.weight") });
        }
        sources.push_back({ gg + "attn_output.weight", need(hf + "self_attn.o_proj.weight") });
        sources.push_back({ gg + "ffn_norm.weight", need(hf + "post_attention_layernorm.weight") });
        if (arch.gguf == "phi3") {
            sources.push_back({ gg + "ffn_up.weight", need(hf + "mlp.gate_up_proj.weight") });
        } else {
            sources.push_back({ gg + "ffn_gate.weight", need(hf + "mlp.gate_proj.weight") });
            sources.push_back({ gg + "ffn_up.weight", need(hf + "mlp.up_proj.weight") });
        }
        sources.push_back({ gg + "ffn_down.weight", need(hf + "mlp.down_proj.weight") });
    }
    sources.push_back({ "output_norm.weight", need("model.norm.weight") });
    const bool tied = config.value("tie_word_embeddings", false);
    if (const auto* head = maybe("lm_head.weight"); head && !tied)
        sources.push_back({ "output.weight", head });

    std::vector<float> rope_factors;
    if (config.contains("rope_scaling") && config["rope_scaling"].is_object()) {
        const Json& scaling = config["rope_scaling"];
        const std::string type = scaling.value("rope_type", scaling.value("type", std::string()));
        if (type == "llama3")
            rope_factors = llama3_rope_factors(scaling, rope_base, head_dim);
        else if (!type.empty() && type != "default")
            throw ConvertError(config_path.string() + ": rope scaling \"" + type + "\" is not one Hearth converts");
    }
    if (!rope_factors.empty())
        writer.add_tensor("rope_freqs.weight", { rope_factors.size() }, GgmlType::F32,
            std::as_bytes(std::span<const float>(rope_factors)));

    std::size_t done = 0;
    for (const Source& source : sources) {
        const SafetensorsTensor& tensor = *source.tensor;
        std::vector<std::uint64_t> shape(tensor.shape.rbegin(), tensor.shape.rend()); // ggml: fastest first
        const bool matrix = shape.size() >= 2;
        const GgmlType type = matrix ? options.type : GgmlType::F32;
        writer.add_tensor(source.gguf, shape, type, [&, source, type, shape](std::span<std::byte> output) {
            if (options.cancel && options.cancel->load())
                throw ConvertCancelled();
            std::vector<float> values(source.tensor->elements());
            convert_values(*source.tensor, values);
            if (source.permute_heads > 0) {
                std::vector<float> permuted(values.size());
                permute_rope_rows(values, permuted, source.permute_heads, shape[0]);
                values.swap(permuted);
            }
            store(values, type, output);
            ++done;
            if (options.progress)
                options.progress(done, sources.size());
        });
    }
    writer.write(out);
}

} // namespace hearth
