// What the block formats promise, checked without llama.cpp: layouts worked
// out by hand, round-trip error within each format's step, and dot products
// that agree with the dequantized values.
#include "engine/quant/block_formats.h"
#include "engine/quant/dequantize.h"
#include "engine/quant/half.h"
#include "engine/quant/quantize.h"
#include "engine/quant/quantize_activations.h"
#include "engine/quant/vec_dot.h"

#include "tests/engine/quant/reference_inputs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

using namespace hearth;
using namespace hearth::quant;

namespace {

const GgmlType kWeightTypes[] = { GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q8_0,
    GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K };

std::size_t row_bytes(GgmlType type, std::size_t n)
{
    return *ggml_tensor_bytes(type, n);
}

std::vector<float> gaussian_row(std::size_t n, std::uint32_t seed, float deviation = 1.0f)
{
    quant_reference::InputRandom random(seed);
    std::vector<float> x(n);
    for (float& v : x)
        v = random.gaussian() * deviation;
    return x;
}

std::vector<float> round_trip(GgmlType type, const std::vector<float>& x)
{
    std::vector<std::uint8_t> q(row_bytes(type, x.size()));
    quantize_row(type, x.data(), q.data(), x.size());
    std::vector<float> y(x.size());
    dequantize_row(type, q.data(), y.data(), y.size());
    return y;
}

double block_amax(const float* x, std::size_t n)
{
    double m = 0;
    for (std::size_t i = 0; i < n; ++i)
        m = std::max(m, std::fabs(static_cast<double>(x[i])));
    return m;
}

// max - min, with the min taken no higher than 0 as the K-quants take it.
double block_range(const float* x, std::size_t n)
{
    const auto [lo, hi] = std::minmax_element(x, x + n);
    return static_cast<double>(*hi) - std::min(0.0, static_cast<double>(*lo));
}

const char* name(GgmlType type)
{
    return ggml_type_traits(static_cast<std::uint32_t>(type))->name.data();
}

} // namespace

TEST(QuantFormats, SupportedWeightTypes)
{
    for (GgmlType type : kWeightTypes)
        EXPECT_TRUE(is_supported_weight_type(type)) << name(type);
    // Every weight type llama.cpp writes into files is read...
    for (GgmlType type :
        { GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q2_K, GgmlType::Q3_K, GgmlType::IQ4_NL,
            GgmlType::IQ4_XS, GgmlType::IQ3_XXS, GgmlType::IQ3_S, GgmlType::IQ2_XXS, GgmlType::IQ2_XS, GgmlType::IQ2_S,
            GgmlType::IQ1_S, GgmlType::IQ1_M, GgmlType::MXFP4, GgmlType::TQ1_0, GgmlType::TQ2_0 })
        EXPECT_TRUE(is_supported_weight_type(type)) << name(type);
    // ...but not the activation-only types nor integer tensors.
    for (GgmlType type : { GgmlType::Q8_K, GgmlType::Q8_1, GgmlType::I32 })
        EXPECT_FALSE(is_supported_weight_type(type)) << name(type);
}

TEST(QuantFormats, UnrunnableTypesAreNamedOnce)
{
    const std::vector<std::uint32_t> runnable { 0, 1, 12, 14, 8, 20, 39, 12 };
    EXPECT_TRUE(unrunnable_type_names(runnable).empty());
    const std::vector<std::uint32_t> mixed { 12, 40, 0, 57, 40, 15 };
    EXPECT_EQ(unrunnable_type_names(mixed), (std::vector<std::string> { "Q8_K", "NVFP4", "type 57" }));
}

TEST(QuantFormats, ActivationTypes)
{
    EXPECT_EQ(activation_type(GgmlType::F32), GgmlType::F32);
    EXPECT_EQ(activation_type(GgmlType::F16), GgmlType::F16);
    EXPECT_EQ(activation_type(GgmlType::BF16), GgmlType::BF16);
    EXPECT_EQ(activation_type(GgmlType::Q4_0), GgmlType::Q8_0);
    EXPECT_EQ(activation_type(GgmlType::Q8_0), GgmlType::Q8_0);
    EXPECT_EQ(activation_type(GgmlType::Q4_K), GgmlType::Q8_K);
    EXPECT_EQ(activation_type(GgmlType::Q5_K), GgmlType::Q8_K);
    EXPECT_EQ(activation_type(GgmlType::Q6_K), GgmlType::Q8_K);
}

// Q4_0 keeps element i in the low nibble of qs[i] and i + 16 in the high one,
// as quant - 8 times d.
TEST(QuantFormats, Q4_0NibbleOrder)
{
    BlockQ4_0 block {};
    block.d = float_to_fp16(0.5f);
    block.qs[0] = 0x9 | (0xF << 4); // element 0: 9 - 8 = 1; element 16: 15 - 8 = 7
    block.qs[15] = 0x0 | (0x8 << 4); // element 15: -8; element 31: 0
    float y[32];
    dequantize_row(GgmlType::Q4_0, &block, y, 32);
    EXPECT_EQ(y[0], 0.5f);
    EXPECT_EQ(y[16], 3.5f);
    EXPECT_EQ(y[15], -4.0f);
    EXPECT_EQ(y[31], 0.0f);
    EXPECT_EQ(y[1], -4.0f); // qs[1] == 0: quant 0 - 8
}

// The 12 scale bytes of Q4_K / Q5_K: sub-blocks 0-3 in the low 6 bits of bytes
// 0-3 (scales) and 4-7 (mins); 4-7 split into a nibble of bytes 8-11 and the
// top 2 bits of bytes 0-3 / 4-7.
TEST(QuantFormats, KScalePacking)
{
    std::uint8_t packed[kKScaleBytes] = {};
    packed[1] = 42 | (2 << 6); // scale 1 = 42; top bits of scale 5 = 2
    packed[5] = 17 | (3 << 6); // min 1 = 17; top bits of min 5 = 3
    packed[9] = 0x5 | (0xA << 4); // low nibbles of scale 5 and min 5
    EXPECT_EQ(unpack_k_scale_min(packed, 1).scale, 42);
    EXPECT_EQ(unpack_k_scale_min(packed, 1).min, 17);
    EXPECT_EQ(unpack_k_scale_min(packed, 5).scale, 0x5 | (2 << 4));
    EXPECT_EQ(unpack_k_scale_min(packed, 5).min, 0xA | (3 << 4));
    EXPECT_EQ(unpack_k_scale_min(packed, 0).scale, 0);
}

// A Q6_K super-block with every quant at its largest (31) except one, and one
// scale set: the element that moves shows where ql, qh and scales sit.
TEST(QuantFormats, Q6KLayout)
{
    BlockQ6K block {};
    block.d = float_to_fp16(1.0f);
    block.scales[13] = 2; // group 13: elements 208..223, in the second half's quarter 2
    // Element 210 = 128 + 64 + 18: high nibble of ql[64 + 18], bits 4-5 of qh[32 + 18].
    block.ql[64 + 18] = 0x70; // low 4 bits of quant 7
    block.qh[32 + 18] = 0x2 << 4; // high 2 bits 2: quant 32 + 7 = 39, so 39 - 32 = 7
    float y[256];
    dequantize_row(GgmlType::Q6_K, &block, y, 256);
    EXPECT_EQ(y[210], 14.0f); // d * scale * (q - 32) = 1 * 2 * 7
    EXPECT_EQ(y[211], -64.0f); // quant 0 in group 13: 2 * -32
    EXPECT_EQ(y[0], 0.0f); // scale 0
}

// Q8_K maps the element of largest magnitude to -127, so a positive maximum
// gives negative quants and a negative d; bsums add each 16 quants.
TEST(QuantFormats, Q8KSignConventionAndBlockSums)
{
    std::vector<float> x(256, 0.0f);
    x[3] = 2.0f;
    x[20] = -1.0f;
    BlockQ8K block;
    quantize_row(GgmlType::Q8_K, x.data(), &block, 256);
    EXPECT_EQ(block.qs[3], -127);
    EXPECT_EQ(block.qs[20], 64); // -127 / 2 * -1 = 63.5, halfway: to even
    EXPECT_FLOAT_EQ(block.d, -2.0f / 127.0f);
    EXPECT_EQ(block.bsums[0], -127);
    EXPECT_EQ(block.bsums[1], 64);
    EXPECT_EQ(block.bsums[2], 0);
}

// Halfway cases: a block whose largest magnitude is 127 has d = 1, so x + 0.5
// sits exactly between two quants. Files (ggml's reference) round away from
// zero; ggml-cpu's activations round to even.
TEST(QuantFormats, Q8_0HalfwayCasesInFilesAndActivations)
{
    std::vector<float> x(32, 0.0f);
    x[0] = 127.0f;
    x[1] = 0.5f;
    x[2] = 1.5f;
    x[3] = -2.5f;
    BlockQ8_0 file;
    BlockQ8_0 activation;
    quantize_row(GgmlType::Q8_0, x.data(), &file, 32);
    quantize_activations_row(GgmlType::Q8_0, x.data(), &activation, 32);
    EXPECT_EQ(file.d, 0x3C00);
    EXPECT_EQ(activation.d, 0x3C00);
    EXPECT_EQ(file.qs[1], 1);
    EXPECT_EQ(file.qs[2], 2);
    EXPECT_EQ(file.qs[3], -3);
    EXPECT_EQ(activation.qs[1], 0);
    EXPECT_EQ(activation.qs[2], 2);
    EXPECT_EQ(activation.qs[3], -2);
}

TEST(QuantFormats, ZerosStayZero)
{
    std::vector<float> x(512, 0.0f);
    for (GgmlType type : { GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::Q4_K,
             GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q8_K }) {
        const std::vector<float> y = round_trip(type, x);
        EXPECT_TRUE(std::all_of(y.begin(), y.end(), [](float v) { return v == 0.0f; })) << name(type);
    }
}

// Round-trip error against each format's quantization step, per block.
// F16 / BF16: half an ulp, 2^-11 / 2^-8 relative. Q8_0: half a step of
// amax / 127, plus the fp16 rounding of d (2^-11 relative, over up to 127
// steps). Q4_0: d = amax / 8 and the far end clips at quant 15, a whole step.
// Q8_K: half a step of amax / 127 (d stays float). Q4_K / Q5_K / Q6_K: the
// 6- or 8-bit sub-block scales are themselves rounded, so a sub-block can be
// off by up to one step of its super-block's range; the bound is one step of
// (max - min) / nmax over the super-block for Q4_K / Q5_K, and amax / 32 for
// Q6_K.
TEST(QuantFormats, RoundTripErrorWithinOneStep)
{
    struct Bound {
        GgmlType type;
        std::size_t block;
        double (*limit)(const float* x, std::size_t n);
    };
    const Bound bounds[] = {
        { GgmlType::Q8_0, 32,
            [](const float* x, std::size_t n) { return block_amax(x, n) / 127 * (0.5 + 127 * 0x1p-11); } },
        { GgmlType::Q4_0, 32, [](const float* x, std::size_t n) { return block_amax(x, n) / 8 * (1 + 8 * 0x1p-11); } },
        { GgmlType::Q8_K, 256, [](const float* x, std::size_t n) { return block_amax(x, n) / 127 * 0.5001; } },
        { GgmlType::Q4_K, 256, [](const float* x, std::size_t n) { return block_range(x, n) / 15; } },
        { GgmlType::Q5_K, 256, [](const float* x, std::size_t n) { return block_range(x, n) / 31; } },
        { GgmlType::Q6_K, 256, [](const float* x, std::size_t n) { return block_amax(x, n) / 32; } },
    };
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        // Deviation changes from row to row, and within the row every 64
        // values, so the super-block scales have something to do.
        std::vector<float> x = gaussian_row(1024, seed, static_cast<float>(seed) * 0.37f);
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] *= 1.0f + static_cast<float>((i / 64) % 4);
        for (const Bound& bound : bounds) {
            const std::vector<float> y = round_trip(bound.type, x);
            for (std::size_t b = 0; b < x.size(); b += bound.block) {
                const double limit = bound.limit(x.data() + b, bound.block);
                for (std::size_t i = b; i < b + bound.block; ++i) {
                    ASSERT_LE(std::fabs(static_cast<double>(y[i]) - x[i]), limit)
                        << name(bound.type) << " seed " << seed << " element " << i;
                }
            }
        }
        const std::vector<float> f16 = round_trip(GgmlType::F16, x);
        const std::vector<float> bf16 = round_trip(GgmlType::BF16, x);
        for (std::size_t i = 0; i < x.size(); ++i) {
            ASSERT_LE(std::fabs(f16[i] - x[i]), std::fabs(x[i]) * 0x1p-11f) << i;
            ASSERT_LE(std::fabs(bf16[i] - x[i]), std::fabs(x[i]) * 0x1p-8f) << i;
        }
        EXPECT_EQ(round_trip(GgmlType::F32, x), x);
    }
}

// On gaussian rows the K-quants should do about as well as a uniform
// quantizer with their step: rms error step / sqrt(12) with step = 4.5
// sigma (the typical range of 32 samples) / 15 for Q4_K, / 31 for Q5_K, and
// Q6_K's 16-element groups (amax about 1.9 sigma) / 32. The search for scale
// and min should beat that; the bounds are those figures plus a tenth.
TEST(QuantFormats, KQuantRmsErrorOnGaussianRows)
{
    const struct {
        GgmlType type;
        double rms_limit;
    } limits[] = { { GgmlType::Q4_K, 1.1 * 4.5 / 15 / std::sqrt(12.0) },
        { GgmlType::Q5_K, 1.1 * 4.5 / 31 / std::sqrt(12.0) }, { GgmlType::Q6_K, 1.1 * 1.9 / 32 / std::sqrt(12.0) } };
    const std::vector<float> x = gaussian_row(256 * 64, 7);
    for (const auto& limit : limits) {
        const std::vector<float> y = round_trip(limit.type, x);
        double sum = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
            sum += (static_cast<double>(y[i]) - x[i]) * (static_cast<double>(y[i]) - x[i]);
        EXPECT_LT(std::sqrt(sum / static_cast<double>(x.size())), limit.rms_limit) << name(limit.type);
    }
}

// vec_dot_reference against a double dot of the dequantized rows: both see
// the same quantized values, so only the float summation differs (see
// tst_quant_reference.cpp for the 1e-5 of sum|w_i x_i|).
TEST(QuantFormats, VecDotMatchesDequantizedDot)
{
    for (GgmlType type : kWeightTypes) {
        const GgmlType act = activation_type(type);
        for (std::uint32_t seed = 1; seed <= 10; ++seed) {
            const std::size_t n = 256 * seed;
            const std::vector<float> w = gaussian_row(n, seed * 101, 0.05f * static_cast<float>(seed));
            const std::vector<float> a = gaussian_row(n, seed * 103 + 1, 3.0f);
            std::vector<std::uint8_t> wq(row_bytes(type, n));
            std::vector<std::uint8_t> aq(row_bytes(act, n));
            quantize_row(type, w.data(), wq.data(), n);
            quantize_activations_row(act, a.data(), aq.data(), n);
            std::vector<float> wd(n);
            std::vector<float> ad(n);
            dequantize_row(type, wq.data(), wd.data(), n);
            dequantize_row(act, aq.data(), ad.data(), n);
            double dot = 0;
            double magnitude = 0;
            for (std::size_t i = 0; i < n; ++i) {
                dot += static_cast<double>(wd[i]) * ad[i];
                magnitude += std::fabs(static_cast<double>(wd[i]) * ad[i]);
            }
            EXPECT_NEAR(vec_dot_reference(type, wq.data(), aq.data(), n), dot, 1e-5 * magnitude)
                << name(type) << " n " << n;
        }
    }
}
