// Hearth's block formats against llama.cpp's ggml, through the fixture that
// tests/fixtures/quant/make_reference.sh writes (see its README for the
// llama.cpp release). Inputs are regenerated here from reference_inputs.h.
#include "engine/quant/dequantize.h"
#include "engine/quant/quantize.h"
#include "engine/quant/quantize_activations.h"
#include "engine/quant/vec_dot.h"

#include "tests/engine/quant/reference_inputs.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace hearth;
using namespace hearth::quant;
using namespace hearth::quant_reference;

namespace {

struct ReferenceEntry {
    std::size_t case_index;
    std::string case_name;
    GgmlType type;
    std::size_t rows;
    std::size_t n_per_row;
    nlohmann::json json;

    std::string label() const { return case_name + " as " + json.at("type").get<std::string>(); }
};

std::vector<std::uint8_t> from_hex(const std::string& hex)
{
    std::vector<std::uint8_t> bytes(hex.size() / 2);
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<std::uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
    return bytes;
}

std::size_t row_bytes(GgmlType type, std::size_t n)
{
    return *ggml_tensor_bytes(type, n);
}

std::vector<ReferenceEntry> load_entries(const char* section)
{
    std::ifstream file(HEARTH_QUANT_FIXTURES "/reference.json");
    const nlohmann::json fixture = nlohmann::json::parse(file);
    std::vector<ReferenceEntry> out;
    for (const nlohmann::json& entry : fixture.at(section)) {
        ReferenceEntry e;
        e.case_name = entry.at("case").get<std::string>();
        e.case_index = input_cases().size();
        for (std::size_t i = 0; i < input_cases().size(); ++i) {
            if (input_cases()[i].name == e.case_name)
                e.case_index = i;
        }
        e.type = *ggml_type_from_name(entry.at("type").get<std::string>());
        e.rows = entry.at("rows").get<std::size_t>();
        e.n_per_row = entry.at("n_per_row").get<std::size_t>();
        e.json = entry;
        out.push_back(std::move(e));
    }
    return out;
}

const std::vector<ReferenceEntry>& reference_entries()
{
    static const std::vector<ReferenceEntry> entries = load_entries("cases");
    return entries;
}

// What ggml wrote with make_importance()'s matrix.
const std::vector<ReferenceEntry>& weighted_entries()
{
    static const std::vector<ReferenceEntry> entries = load_entries("weighted");
    return entries;
}

// Quantizes the entry's input row by row, as the model quantizer does.
std::vector<std::uint8_t> quantize_rows(const ReferenceEntry& e, const std::vector<float>& x, const float* importance)
{
    const std::size_t bytes = row_bytes(e.type, e.n_per_row);
    std::vector<std::uint8_t> out(e.rows * bytes);
    for (std::size_t r = 0; r < e.rows; ++r)
        quantize_row(e.type, x.data() + r * e.n_per_row, out.data() + r * bytes, e.n_per_row, importance);
    return out;
}

// ggml's bytes for the entry: stored, or for F32 the input itself.
std::vector<std::uint8_t> ggml_bytes(const ReferenceEntry& e, const std::vector<float>& x)
{
    if (e.json.contains("quantized"))
        return from_hex(e.json.at("quantized").get<std::string>());
    const auto* p = reinterpret_cast<const std::uint8_t*>(x.data());
    return { p, p + x.size() * sizeof(float) };
}

std::string first_difference(const std::vector<std::uint8_t>& ours, const std::vector<std::uint8_t>& ggml)
{
    if (ours.size() != ggml.size())
        return "sizes differ: " + std::to_string(ours.size()) + " vs " + std::to_string(ggml.size());
    for (std::size_t i = 0; i < ours.size(); ++i) {
        if (ours[i] != ggml[i])
            return "first at byte " + std::to_string(i) + ": ours " + std::to_string(ours[i]) + ", ggml "
                + std::to_string(ggml[i]);
    }
    return "none";
}

std::string digest(const void* data, std::size_t bytes)
{
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fnv1a(data, bytes)));
    return text;
}

} // namespace

TEST(QuantReference, FixtureCoversEveryFormatAndInput)
{
    const auto& entries = reference_entries();
    // F32 F16 BF16 Q4_0 Q8_0 Q4_K Q5_K Q6_K Q8_K, then the 17 formats Hearth reads since:
    // Q4_1 Q5_0 Q5_1 IQ4_NL MXFP4 Q2_K Q3_K IQ4_XS IQ3_XXS IQ3_S IQ2_XXS IQ2_XS IQ2_S IQ1_S IQ1_M TQ1_0 TQ2_0.
    ASSERT_EQ(entries.size(), input_cases().size() * 26);
    for (const ReferenceEntry& e : entries) {
        SCOPED_TRACE(e.label());
        ASSERT_LT(e.case_index, input_cases().size());
        EXPECT_EQ(e.rows, input_cases()[e.case_index].rows);
        EXPECT_EQ(e.n_per_row, input_cases()[e.case_index].n_per_row);
    }
}

// The inputs themselves: ggml stored the F32 rows' digest, so a drift in the
// generator shows here rather than as a puzzling quantizer mismatch.
TEST(QuantReference, InputsAreTheOnesGgmlSaw)
{
    for (const ReferenceEntry& e : reference_entries()) {
        if (e.type != GgmlType::F32)
            continue;
        SCOPED_TRACE(e.label());
        const std::vector<float> x = make_input(e.case_index);
        EXPECT_EQ(digest(x.data(), x.size() * sizeof(float)), e.json.at("quantized_fnv1a").get<std::string>());
    }
}

TEST(QuantReference, QuantizeRowGivesGgmlsBytes)
{
    for (const ReferenceEntry& e : reference_entries()) {
        // Formats Hearth reads but does not write have no bytes of Hearth's to compare.
        if (e.type == GgmlType::F32 || !can_quantize_row(e.type))
            continue;
        SCOPED_TRACE(e.label());
        const std::vector<float> x = make_input(e.case_index);
        // ggml cannot write IQ2_XXS, IQ2_XS and IQ1_S without a matrix: it had a flat one.
        const std::vector<float> ones(e.n_per_row, 1.0f);
        const std::vector<std::uint8_t> ours
            = quantize_rows(e, x, e.json.contains("importance") ? ones.data() : nullptr);
        const std::vector<std::uint8_t> ggml = ggml_bytes(e, x);
        EXPECT_TRUE(ours == ggml) << first_difference(ours, ggml);
    }
}

// With an importance matrix every quantizer runs ggml's weighted search,
// which llama-quantize --imatrix writes.
TEST(QuantReference, WeightedQuantizeRowGivesGgmlsBytes)
{
    ASSERT_EQ(weighted_entries().size(), input_cases().size() * 18);
    for (const ReferenceEntry& e : weighted_entries()) {
        SCOPED_TRACE(e.label());
        ASSERT_TRUE(can_quantize_row(e.type));
        const std::vector<float> x = make_input(e.case_index);
        const std::vector<float> importance = make_importance(e.case_index);
        const std::vector<std::uint8_t> ours = quantize_rows(e, x, importance.data());
        const std::vector<std::uint8_t> ggml = from_hex(e.json.at("quantized").get<std::string>());
        EXPECT_TRUE(ours == ggml) << first_difference(ours, ggml);
    }
}

TEST(QuantReference, DequantizeRowGivesGgmlsFloats)
{
    for (const ReferenceEntry& e : reference_entries()) {
        SCOPED_TRACE(e.label());
        const std::vector<float> x = make_input(e.case_index);
        const std::vector<std::uint8_t> ggml = ggml_bytes(e, x);
        std::vector<float> y(x.size());
        dequantize_row(e.type, ggml.data(), y.data(), y.size());
        EXPECT_EQ(digest(y.data(), y.size() * sizeof(float)), e.json.at("dequantized_fnv1a").get<std::string>());
    }
}

// ggml-cpu's from_float: the case's own values (halfway cases, outliers,
// zeros) and the gaussian activation row the dots use.
TEST(QuantReference, ActivationsMatchGgmlCpu)
{
    for (const ReferenceEntry& e : reference_entries()) {
        if (!e.json.contains("activation_type"))
            continue;
        SCOPED_TRACE(e.label());
        const GgmlType act = *ggml_type_from_name(e.json.at("activation_type").get<std::string>());
        EXPECT_EQ(act, activation_type(e.type));

        const std::vector<float> x = make_input(e.case_index);
        std::vector<std::uint8_t> ours(e.rows * row_bytes(act, e.n_per_row));
        quantize_activations_row(act, x.data(), ours.data(), x.size());
        const std::vector<std::uint8_t> expected = e.json.contains("input_as_activation")
            ? from_hex(e.json.at("input_as_activation").get<std::string>())
            : ggml_bytes(e, x);
        EXPECT_TRUE(ours == expected) << "case values: " << first_difference(ours, expected);

        const std::vector<float> a = make_activation(e.case_index);
        std::vector<std::uint8_t> ours_a(row_bytes(act, e.n_per_row));
        quantize_activations_row(act, a.data(), ours_a.data(), a.size());
        const std::vector<std::uint8_t> expected_a = from_hex(e.json.at("activation").get<std::string>());
        EXPECT_TRUE(ours_a == expected_a) << "activation row: " << first_difference(ours_a, expected_a);
    }
}

// Both sides form the same exact integer sums per block; they differ only in
// how the scaled block sums are added in float (ggml-cpu's AVX2 kernels keep
// 8 lanes with FMA; the reference adds in order, or in double for float
// types). Each such addition rounds by at most 2^-24 of the running magnitude,
// and there are at most n/32 of them, so the gap is below
// n/32 * 2^-24 * sum|w_i a_i| <= 1e-6 of that sum for these rows: 1e-5 leaves
// room without hiding a wrong scale or quant, which moves the result by far
// more. The bound is relative to sum|w_i a_i| rather than to the result,
// which cancellation can make arbitrarily small.
TEST(QuantReference, VecDotAgreesWithGgmlCpu)
{
    for (const ReferenceEntry& e : reference_entries()) {
        if (!e.json.contains("dots"))
            continue;
        SCOPED_TRACE(e.label());
        const std::vector<float> x = make_input(e.case_index);
        const std::vector<std::uint8_t> w = ggml_bytes(e, x);
        const std::vector<std::uint8_t> a = from_hex(e.json.at("activation").get<std::string>());
        const GgmlType act = activation_type(e.type);
        std::vector<float> w_values(e.n_per_row);
        std::vector<float> a_values(e.n_per_row);
        dequantize_row(act, a.data(), a_values.data(), e.n_per_row);
        for (std::size_t r = 0; r < e.rows; ++r) {
            SCOPED_TRACE("row " + std::to_string(r));
            const std::uint8_t* row = w.data() + r * row_bytes(e.type, e.n_per_row);
            const float ours = vec_dot_reference(e.type, row, a.data(), e.n_per_row);
            const nlohmann::json& expected = e.json.at("dots").at(r);
            if (expected.is_string()) {
                // A row whose fp16 scales overflowed to infinity: NaN or
                // infinity depends on which block products meet 0 first.
                EXPECT_FALSE(std::isfinite(ours)) << ours;
                continue;
            }
            dequantize_row(e.type, row, w_values.data(), e.n_per_row);
            double magnitude = 0;
            for (std::size_t i = 0; i < e.n_per_row; ++i)
                magnitude += std::fabs(static_cast<double>(w_values[i]) * a_values[i]);
            EXPECT_NEAR(ours, expected.get<float>(), 1e-5 * magnitude);
        }
    }
}

// Random bytes in each format Hearth reads (scales kept finite): every grid
// point and bit field, with ggml's expansion, activation and dot product.
struct RandomBlocksEntry {
    std::size_t index;
    nlohmann::json json;
};

std::vector<RandomBlocksEntry> random_block_entries()
{
    std::ifstream file(HEARTH_QUANT_FIXTURES "/reference.json");
    const nlohmann::json fixture = nlohmann::json::parse(file);
    std::vector<RandomBlocksEntry> out;
    for (const nlohmann::json& entry : fixture.at("blocks")) {
        for (std::size_t i = 0; i < random_block_cases().size(); ++i) {
            if (random_block_cases()[i].type == entry.at("type").get<std::string>())
                out.push_back({ i, entry });
        }
    }
    return out;
}

TEST(QuantReference, RandomBlocksCoverEveryNewFormat)
{
    EXPECT_EQ(random_block_entries().size(), random_block_cases().size());
    EXPECT_EQ(random_block_cases().size(), 17u);
    for (const RandomBlocksCase& c : random_block_cases()) {
        SCOPED_TRACE(c.type);
        const auto type = ggml_type_from_name(c.type);
        ASSERT_TRUE(type);
        EXPECT_TRUE(is_supported_weight_type(*type));
        const auto traits = ggml_type_traits(static_cast<std::uint32_t>(*type));
        EXPECT_EQ(traits->block_bytes, c.block_bytes);
        EXPECT_EQ(traits->block_elements, c.block_elements);
    }
}

TEST(QuantReference, RandomBlocksDequantizeAsGgmlDoes)
{
    for (const RandomBlocksEntry& e : random_block_entries()) {
        SCOPED_TRACE(e.json.at("type").get<std::string>());
        const GgmlType type = *ggml_type_from_name(e.json.at("type").get<std::string>());
        const std::vector<std::uint8_t> blocks = make_random_blocks(e.index);
        std::vector<float> y(kRandomBlockElements);
        dequantize_row(type, blocks.data(), y.data(), y.size());
        EXPECT_EQ(digest(y.data(), y.size() * sizeof(float)), e.json.at("dequantized_fnv1a").get<std::string>());
    }
}

// The same bound as VecDotAgreesWithGgmlCpu: both sides form the same exact
// integer sums and differ only in how the scaled sums add in float.
TEST(QuantReference, RandomBlocksDotAsGgmlDoes)
{
    for (const RandomBlocksEntry& e : random_block_entries()) {
        SCOPED_TRACE(e.json.at("type").get<std::string>());
        const GgmlType type = *ggml_type_from_name(e.json.at("type").get<std::string>());
        const GgmlType act = activation_type(type);
        EXPECT_EQ(act, *ggml_type_from_name(e.json.at("activation_type").get<std::string>()));

        InputRandom random(0x27D4'EB2Fu * static_cast<std::uint32_t>(e.index + 1));
        std::vector<float> a(kRandomBlockElements);
        for (float& v : a)
            v = random.gaussian();
        std::vector<std::uint8_t> activation(row_bytes(act, a.size()));
        quantize_activations_row(act, a.data(), activation.data(), a.size());
        EXPECT_EQ(digest(activation.data(), activation.size()), e.json.at("activation_fnv1a").get<std::string>());

        const std::vector<std::uint8_t> blocks = make_random_blocks(e.index);
        std::vector<float> w_values(a.size()), a_values(a.size());
        dequantize_row(type, blocks.data(), w_values.data(), w_values.size());
        dequantize_row(act, activation.data(), a_values.data(), a_values.size());
        double magnitude = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            magnitude += std::fabs(static_cast<double>(w_values[i]) * a_values[i]);
        const float ours = vec_dot_reference(type, blocks.data(), activation.data(), a.size());
        EXPECT_NEAR(ours, e.json.at("dot").get<float>(), 1e-5 * magnitude);
    }
}
