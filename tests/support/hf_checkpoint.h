#pragma once

// Hugging Face checkpoints for conversion tests: a GGUF model (from the
// test-model generator) written out as transformers would save it —
// config.json and safetensors, one file or shards — with Llama's Q/K rows
// in transformers' order.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/gguf/gguf_file.h"
#include "engine/quant/dequantize.h"

namespace hearth::test {

using Json = nlohmann::json;

// The checkpoint name of a GGUF tensor.
inline std::string hf_name(const std::string& gguf, const std::string& arch)
{
    static const std::vector<std::pair<std::string, std::string>> parts {
        { "attn_norm.weight", "input_layernorm.weight" },
        { "attn_qkv.weight", "self_attn.qkv_proj.weight" },
        { "attn_q.weight", "self_attn.q_proj.weight" },
        { "attn_k.weight", "self_attn.k_proj.weight" },
        { "attn_v.weight", "self_attn.v_proj.weight" },
        { "attn_q.bias", "self_attn.q_proj.bias" },
        { "attn_k.bias", "self_attn.k_proj.bias" },
        { "attn_v.bias", "self_attn.v_proj.bias" },
        { "attn_q_norm.weight", "self_attn.q_norm.weight" },
        { "attn_k_norm.weight", "self_attn.k_norm.weight" },
        { "attn_output.weight", "self_attn.o_proj.weight" },
        { "ffn_norm.weight", "post_attention_layernorm.weight" },
        { "ffn_gate.weight", "mlp.gate_proj.weight" },
        { "ffn_down.weight", "mlp.down_proj.weight" },
    };
    if (gguf == "token_embd.weight")
        return "model.embed_tokens.weight";
    if (gguf == "output_norm.weight")
        return "model.norm.weight";
    if (gguf == "output.weight")
        return "lm_head.weight";
    const auto dot = gguf.find('.', 4);
    const std::string layer = gguf.substr(4, dot - 4);
    const std::string rest = gguf.substr(dot + 1);
    for (const auto& [from, to] : parts)
        if (rest == from)
            return "model.layers." + layer + "." + to;
    // Phi-3 keeps gate and up in one matrix, as ggml does.
    return "model.layers." + layer + "." + (arch == "phi3" ? "mlp.gate_up_proj.weight" : "mlp.up_proj.weight");
}

// Writes safetensors files: tensors in order, split into `shards` files.
inline void write_safetensors(const std::filesystem::path& folder,
    const std::vector<std::pair<std::string, std::pair<std::vector<std::uint64_t>, std::vector<float>>>>& tensors,
    int shards)
{
    Json index;
    for (int shard = 0; shard < shards; ++shard) {
        const std::string file = shards == 1
            ? "model.safetensors"
            : "model-0000" + std::to_string(shard + 1) + "-of-0000" + std::to_string(shards) + ".safetensors";
        Json header = Json::object();
        std::vector<char> data;
        for (std::size_t t = shard; t < tensors.size(); t += shards) {
            const auto& [name, content] = tensors[t];
            const auto& [shape, values] = content;
            header[name] = { { "dtype", "F32" }, { "shape", shape },
                { "data_offsets", { data.size(), data.size() + values.size() * 4 } } };
            const auto* bytes = reinterpret_cast<const char*>(values.data());
            data.insert(data.end(), bytes, bytes + values.size() * 4);
            index["weight_map"][name] = file;
        }
        const std::string text = header.dump();
        const std::uint64_t size = text.size();
        std::ofstream out(folder / file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(&size), 8);
        out.write(text.data(), std::streamsize(text.size()));
        out.write(data.data(), std::streamsize(data.size()));
    }
    if (shards > 1)
        std::ofstream(folder / "model.safetensors.index.json") << index.dump();
}

// A checkpoint holding exactly the model in `gguf`, as transformers would save it.
inline void export_checkpoint(const std::filesystem::path& gguf, const std::filesystem::path& folder, int shards)
{
    const GgufFile file = GgufFile::open(gguf);
    const std::string arch(*file.get_string("general.architecture"));
    const auto number = [&](const char* key) { return *file.get_uint(arch + "." + key); };
    const auto heads = std::uint32_t(number("attention.head_count"));
    const auto kv_heads = std::uint32_t(number("attention.head_count_kv"));
    std::vector<std::pair<std::string, std::pair<std::vector<std::uint64_t>, std::vector<float>>>> tensors;
    for (const GgufTensorInfo& tensor : file.tensors()) {
        std::vector<float> values(tensor.elements);
        quant::dequantize_row(tensor.type, file.tensor_data(tensor).data(), values.data(), values.size());
        const std::string name(tensor.name);
        const std::vector<std::uint64_t> shape(tensor.shape.rbegin(), tensor.shape.rend());
        // transformers keeps Llama's Q and K rows in their own order: undo ggml's.
        const bool q = name.ends_with("attn_q.weight");
        if (arch == "llama" && (q || name.ends_with("attn_k.weight"))) {
            const std::uint64_t cols = tensor.shape[0];
            const std::uint64_t head_rows = tensor.shape[1] / (q ? heads : kv_heads);
            std::vector<float> hf(values.size());
            for (std::uint64_t h = 0; h < (q ? heads : kv_heads); ++h)
                for (std::uint64_t i = 0; i < 2; ++i)
                    for (std::uint64_t j = 0; j < head_rows / 2; ++j)
                        std::copy_n(&values[(h * head_rows + 2 * j + i) * cols], cols,
                            &hf[(h * head_rows + i * head_rows / 2 + j) * cols]);
            values.swap(hf);
        }
        tensors.push_back({ hf_name(name, arch), { shape, values } });
    }
    std::filesystem::create_directories(folder);
    write_safetensors(folder, tensors, shards);
    const std::map<std::string, std::string> classes { { "llama", "LlamaForCausalLM" }, { "qwen2", "Qwen2ForCausalLM" },
        { "qwen3", "Qwen3ForCausalLM" }, { "phi3", "Phi3ForCausalLM" } };
    Json config { { "architectures", { classes.at(arch) } }, { "hidden_size", number("embedding_length") },
        { "num_hidden_layers", number("block_count") }, { "num_attention_heads", heads },
        { "num_key_value_heads", kv_heads }, { "intermediate_size", number("feed_forward_length") },
        { "max_position_embeddings", number("context_length") },
        { "rope_theta", *file.get_float(arch + ".rope.freq_base") },
        { "rms_norm_eps", *file.get_float(arch + ".attention.layer_norm_rms_epsilon") },
        { "head_dim", number("rope.dimension_count") },
        { "tie_word_embeddings", file.find_tensor("output.weight") == nullptr } };
    std::ofstream(folder / "config.json") << config.dump(2);
}

} // namespace hearth::test
