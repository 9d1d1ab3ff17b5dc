// The CPU kernels against the scalar reference: every dot-product tile at
// every SIMD level this machine has, matmul on odd shapes and thread counts,
// and the thread pool's bookkeeping.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "engine/cpu/dot_kernels.h"
#include "engine/cpu/matmul.h"
#include "engine/cpu/simd_level.h"
#include "engine/cpu/thread_pool.h"
#include "engine/gguf/ggml_type.h"
#include "engine/quant/dequantize.h"
#include "engine/quant/quantize.h"
#include "engine/quant/quantize_activations.h"

#include "engine/quant/vec_dot.h"
#include "tests/engine/quant/reference_inputs.h"

namespace {

using hearth::GgmlType;
using hearth::cpu::SimdLevel;

constexpr GgmlType kWeightTypes[]
    = { GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q5_K,
          GgmlType::Q6_K, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::IQ4_NL, GgmlType::MXFP4,
          GgmlType::Q2_K, GgmlType::Q3_K, GgmlType::IQ4_XS, GgmlType::IQ3_XXS, GgmlType::IQ3_S, GgmlType::IQ2_XXS,
          GgmlType::IQ2_XS, GgmlType::IQ2_S, GgmlType::IQ1_S, GgmlType::IQ1_M, GgmlType::TQ1_0, GgmlType::TQ2_0 };
constexpr SimdLevel kLevels[] = { SimdLevel::Portable, SimdLevel::Avx2, SimdLevel::Avx512, SimdLevel::Avx512Vnni };

std::string type_name(GgmlType type);

std::size_t block_elements(GgmlType type)
{
    return hearth::ggml_type_traits(std::uint32_t(type))->block_elements;
}

std::size_t row_bytes(GgmlType type, std::size_t n)
{
    return static_cast<std::size_t>(*hearth::ggml_tensor_bytes(type, n));
}

// Values like a layer's weights or activations: normal, with a spread of
// magnitudes from block to block (so scales differ) and a few outliers (so
// quants reach their ends: -128 in Q8_K, 0 and 15 in Q4_0).
std::vector<float> random_values(std::size_t n, std::mt19937& rng)
{
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::uniform_real_distribution<float> spread(0.1f, 3.0f);
    std::vector<float> values(n);
    float scale = 1.0f;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 32 == 0)
            scale = spread(rng);
        values[i] = normal(rng) * scale * (i % 97 == 5 ? 8.0f : 1.0f);
    }
    return values;
}

// Weight rows in a format Hearth reads but does not write: blocks of
// random bytes with sane scales (the quant reference fixture's generator),
// starting at a random block.
std::vector<std::byte> random_block_rows(GgmlType type, std::size_t n, std::size_t count, std::mt19937& rng)
{
    const auto& cases = hearth::quant_reference::random_block_cases();
    const auto c
        = std::find_if(cases.begin(), cases.end(), [&](const auto& each) { return each.type == type_name(type); });
    const auto blocks = hearth::quant_reference::make_random_blocks(static_cast<std::size_t>(c - cases.begin()));
    std::vector<std::byte> out(row_bytes(type, n) * count);
    std::size_t at = std::uniform_int_distribution<std::size_t>(0, blocks.size() / c->block_bytes - 1)(rng);
    for (std::size_t i = 0; i < out.size(); i += c->block_bytes, at = (at + 1) % (blocks.size() / c->block_bytes))
        std::memcpy(out.data() + i, blocks.data() + at * c->block_bytes, c->block_bytes);
    return out;
}

// `count` rows of `n` values packed as `type`: weights with the file
// quantizer, activations with the one the engine converts them with.
std::vector<std::byte> packed_rows(GgmlType type, std::size_t n, std::size_t count, std::mt19937& rng, bool activations)
{
    if (!activations && !hearth::quant::can_quantize_row(type))
        return random_block_rows(type, n, count, rng);
    std::vector<std::byte> out(row_bytes(type, n) * count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto values = random_values(n, rng);
        auto* dst = out.data() + i * row_bytes(type, n);
        if (activations)
            hearth::quant::quantize_activations_row(type, values.data(), dst, n);
        else
            hearth::quant::quantize_row(type, values.data(), dst, n);
    }
    return out;
}

// Σ |w_i · x_i| over the stored (dequantized) values: what rounding errors of
// a reordered sum are measured against.
double magnitude(GgmlType weight, const std::byte* w, const std::byte* x, std::size_t n)
{
    std::vector<float> wf(n), xf(n);
    hearth::quant::dequantize_row(weight, w, wf.data(), n);
    hearth::quant::dequantize_row(hearth::quant::activation_type(weight), x, xf.data(), n);
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum += std::abs(double(wf[i]) * xf[i]);
    return sum;
}

// How far a kernel may be from vec_dot_reference. Both compute the same
// products (exact in float for F16/BF16, exact in int32 per block for the
// quantized formats) and differ only in the order of float additions. A SIMD
// lane adds at most n/8 products (float formats) or one block sum per block
// (int8 formats), each addition rounding by at most 2^-24 of a running sum no
// larger than Σ|w·x| (the K-quants' scale and min parts can each reach about
// twice that); the reference rounds as often again, and the conversions,
// scale products and the final sum of up to 16 lanes add a few more. So
// (n/4 + 64) · 2^-24 · Σ|w·x| bounds the difference; a wrong quant, scale or
// block moves the result by about |w_i·x_i| ≈ Σ|w·x| / n, hundreds of times more.
double tolerance(std::size_t n, double magnitude)
{
    return (double(n) / 4 + 64) * std::ldexp(1.0, -24) * magnitude;
}

// The int8 formats' kernels, the panels included, add the block sums in the
// reference's order, so they must give its bits.
double allowed_difference(GgmlType type, std::size_t n, double magnitude)
{
    if (hearth::ggml_type_traits(std::uint32_t(type))->block_elements > 1)
        return 0.0;
    return tolerance(n, magnitude);
}

std::string level_name(SimdLevel level)
{
    return std::string(hearth::cpu::simd_level_name(level));
}

std::string type_name(GgmlType type)
{
    return std::string(hearth::ggml_type_traits(std::uint32_t(type))->name);
}

hearth::cpu::ThreadPool& pool_of(unsigned threads)
{
    static std::map<unsigned, std::unique_ptr<hearth::cpu::ThreadPool>> pools;
    auto& pool = pools[threads];
    if (!pool)
        pool = std::make_unique<hearth::cpu::ThreadPool>(threads);
    return *pool;
}

// ---- dot-product tiles ---------------------------------------------------------

struct KernelCase {
    GgmlType type;
    SimdLevel level;
};

// For GoogleTest's messages: "Q4_K at avx2" instead of the struct's bytes.
void PrintTo(const KernelCase& c, std::ostream* out)
{
    *out << type_name(c.type) << " at " << level_name(c.level);
}

std::string case_name(const testing::TestParamInfo<KernelCase>& info)
{
    return type_name(info.param.type) + "_" + level_name(info.param.level);
}

std::vector<KernelCase> all_cases()
{
    std::vector<KernelCase> cases;
    for (auto level : kLevels)
        for (auto type : kWeightTypes)
            cases.push_back({ type, level });
    return cases;
}

class DotKernelTest : public testing::TestWithParam<KernelCase> {
protected:
    void SetUp() override
    {
        if (!hearth::cpu::simd_level_supported(GetParam().level))
            GTEST_SKIP() << "this CPU lacks " << level_name(GetParam().level);
    }

    // Element counts: 1, 2, 3 and 7 blocks, and for the float formats (blocks
    // of one) lengths that leave every possible tail after 8- and 16-lane
    // vectors and after 32-element bf16 pairs.
    std::vector<std::size_t> lengths() const
    {
        const std::size_t block = block_elements(GetParam().type);
        if (block == 1)
            return { 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 100, 255, 256, 1000, 4096 };
        return { block, 2 * block, 3 * block, 7 * block };
    }
};

// A kernel that reads its activations widened to floats must see exactly the
// values quantize_activations_row makes: ties, subnormals, overflow and NaN too.
TEST(WidenedActivations, HoldTheConvertedValues)
{
    std::mt19937 rng(5);
    std::vector<float> x = random_values(1000, rng);
    for (float special : { 1.0f + 0x1p-11f, 1.0f + 3 * 0x1p-11f, 0x1p-20f, 0x1p-25f, 0x1.8p-25f, -0x1p-24f, 65504.0f,
             65520.0f, 1e9f, -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN(), -0.0f })
        x.push_back(special);
    int checked = 0;
    for (GgmlType type : kWeightTypes) {
        for (SimdLevel level : kLevels) {
            const auto* decode = hearth::cpu::dot_kernel(type, level);
            for (const auto* kernel : { decode, decode ? decode->prompt : nullptr }) {
                if (!kernel || !kernel->widened_activations)
                    continue;
                ++checked;
                const GgmlType activation = hearth::quant::activation_type(type);
                for (std::size_t n : { x.size(), std::size_t(7), std::size_t(16), std::size_t(23) }) {
                    const float* in = x.data() + x.size() - n;
                    std::vector<std::byte> converted(row_bytes(activation, n));
                    hearth::quant::quantize_activations_row(activation, in, converted.data(), n);
                    std::vector<float> expected(n), widened(n);
                    hearth::quant::dequantize_row(activation, converted.data(), expected.data(), n);
                    kernel->widened_activations(in, widened.data(), n);
                    for (std::size_t i = 0; i < n; ++i)
                        EXPECT_EQ(std::bit_cast<std::uint32_t>(widened[i]), std::bit_cast<std::uint32_t>(expected[i]))
                            << level_name(level) << ", value " << in[i];
                }
            }
        }
    }
    if (checked == 0)
        GTEST_SKIP() << "no kernel on this CPU widens its activations";
}

TEST_P(DotKernelTest, VecDotMatchesReference)
{
    const auto [type, level] = GetParam();
    std::mt19937 rng(1234);
    for (std::size_t n : lengths()) {
        for (int trial = 0; trial < 4; ++trial) {
            const auto w = packed_rows(type, n, 1, rng, false);
            const auto x = packed_rows(hearth::quant::activation_type(type), n, 1, rng, true);
            const float expected = hearth::quant::vec_dot_reference(type, w.data(), x.data(), n);
            const float got = hearth::cpu::vec_dot(type, w.data(), x.data(), n, level);
            EXPECT_NEAR(got, expected, allowed_difference(type, n, magnitude(type, w.data(), x.data(), n)))
                << "n = " << n << ", trial " << trial;
        }
    }
}

// Every tile shape of `kernel`, rows 1..kMaxTileRows and tokens 1..kMaxTileTokens, writing into a
// strided output whose other cells must stay untouched.
void check_every_tile_shape(
    GgmlType type, const hearth::cpu::DotKernel* kernel, const std::vector<std::size_t>& lengths)
{
    EXPECT_GE(kernel->tile_rows, 1u);
    EXPECT_LE(kernel->tile_rows, hearth::cpu::kMaxTileRows);
    EXPECT_GE(kernel->tile_tokens, 1u);
    EXPECT_LE(kernel->tile_tokens, hearth::cpu::kMaxTileTokens);
    EXPECT_GE(kernel->decode_rows, 1u);
    EXPECT_LE(kernel->decode_rows, hearth::cpu::kMaxTileRows);

    const GgmlType activation = hearth::quant::activation_type(type);
    std::mt19937 rng(99);
    for (std::size_t n : lengths) {
        const auto w = packed_rows(type, n, hearth::cpu::kMaxTileRows, rng, false);
        const auto x = packed_rows(activation, n, hearth::cpu::kMaxTileTokens, rng, true);
        const std::size_t ws = row_bytes(type, n), xs = row_bytes(activation, n);
        // What the tiles read: the activations as they are, or widened to floats.
        std::vector<std::byte> tile_x = x;
        std::size_t tile_xs = xs;
        if (kernel->widened_activations) {
            tile_xs = n * sizeof(float);
            tile_x.resize(tile_xs * hearth::cpu::kMaxTileTokens);
            for (unsigned t = 0; t < hearth::cpu::kMaxTileTokens; ++t)
                hearth::quant::dequantize_row(
                    activation, x.data() + t * xs, reinterpret_cast<float*>(tile_x.data() + t * tile_xs), n);
        }
        for (unsigned rows = 1; rows <= hearth::cpu::kMaxTileRows; ++rows) {
            for (unsigned tokens = 1; tokens <= hearth::cpu::kMaxTileTokens; ++tokens) {
                constexpr std::size_t ys = hearth::cpu::kMaxTileRows + 3;
                constexpr float kUntouched = -12345.0f;
                std::vector<float> y(ys * hearth::cpu::kMaxTileTokens, kUntouched);
                (*kernel)(rows, tokens, n, w.data(), ws, tile_x.data(), tile_xs, y.data(), ys);
                for (unsigned t = 0; t < hearth::cpu::kMaxTileTokens; ++t) {
                    for (unsigned r = 0; r < ys; ++r) {
                        const float got = y[t * ys + r];
                        if (t >= tokens || r >= rows) {
                            EXPECT_EQ(got, kUntouched)
                                << rows << "×" << tokens << " tile wrote y[" << t << "][" << r << "], n = " << n;
                            continue;
                        }
                        const auto* wr = w.data() + r * ws;
                        const auto* xt = x.data() + t * xs;
                        const float expected = hearth::quant::vec_dot_reference(type, wr, xt, n);
                        EXPECT_NEAR(got, expected, allowed_difference(type, n, magnitude(type, wr, xt, n)))
                            << rows << "×" << tokens << " tile, row " << r << ", token " << t << ", n = " << n;
                    }
                }
            }
        }
    }
}

// Every kernel of the type, the prompt one too where it has its own.
TEST_P(DotKernelTest, EveryTileShapeMatchesReference)
{
    const auto [type, level] = GetParam();
    const auto* decode = hearth::cpu::dot_kernel(type, level);
    ASSERT_NE(decode, nullptr);
    for (const auto* kernel : { decode, decode->prompt })
        if (kernel)
            check_every_tile_shape(type, kernel, lengths());
}

INSTANTIATE_TEST_SUITE_P(AllLevels, DotKernelTest, testing::ValuesIn(all_cases()), case_name);

// ---- matmul ---------------------------------------------------------------------

class MatmulTest : public DotKernelTest { };

// y = W·x against a plain loop over vec_dot_reference, on the activations
// converted the way matmul converts them.
void check_matmul(GgmlType type, SimdLevel level, std::size_t rows, std::size_t cols, std::size_t tokens,
    unsigned threads, std::mt19937& rng)
{
    const GgmlType activation = hearth::quant::activation_type(type);
    const auto weights = packed_rows(type, cols, rows, rng, false);
    std::vector<float> x(tokens * cols);
    for (std::size_t t = 0; t < tokens; ++t) {
        const auto values = random_values(cols, rng);
        std::copy(values.begin(), values.end(), x.begin() + t * cols);
    }
    const std::size_t xs = row_bytes(activation, cols);
    std::vector<std::byte> converted(tokens * xs);
    for (std::size_t t = 0; t < tokens; ++t)
        hearth::quant::quantize_activations_row(activation, x.data() + t * cols, converted.data() + t * xs, cols);

    const hearth::WeightMatrix w { type, rows, cols, weights.data(), row_bytes(type, cols) };
    std::vector<float> y(tokens * rows, std::nanf(""));
    hearth::cpu::MatmulScratch scratch;
    hearth::cpu::matmul(w, x, tokens, y, pool_of(threads), scratch, level);

    for (std::size_t t = 0; t < tokens; ++t) {
        for (std::size_t r = 0; r < rows; ++r) {
            const auto* wr = weights.data() + r * w.row_bytes;
            const auto* xt = converted.data() + t * xs;
            const float expected = hearth::quant::vec_dot_reference(type, wr, xt, cols);
            ASSERT_NEAR(y[t * rows + r], expected, allowed_difference(type, cols, magnitude(type, wr, xt, cols)))
                << rows << "×" << cols << " weights, " << tokens << " tokens, " << threads << " threads: row " << r
                << ", token " << t;
        }
    }
}

TEST_P(MatmulTest, OddShapesAndThreadCountsMatchReference)
{
    const auto [type, level] = GetParam();
    std::mt19937 rng(7);
    // 512 columns: two Q8_K super-blocks, sixteen Q8_0 blocks.
    for (std::size_t rows : { 1, 3, 17, 130 })
        for (std::size_t tokens : { 1, 2, 5, 33 })
            for (unsigned threads : { 1, 2, 3, 8 })
                check_matmul(type, level, rows, 512, tokens, threads, rng);
}

// Enough tokens for several token chunks and rows for several row blocks per thread.
TEST_P(MatmulTest, ManyTokensMatchReference)
{
    const auto [type, level] = GetParam();
    std::mt19937 rng(9);
    check_matmul(type, level, 70, 1024, 150, 3, rng);
}

// A token's outputs are the same bits whether it comes alone (decoding) or
// among many (a prompt): the engine reuses a cached prompt prefix and then
// computes the last prompt token alone, and the same seed must still give
// the same reply. Every tile shape sums each (row, token) dot product in the
// same order, so this holds; a prompt kernel that sums in any other order
// (even one rounding apart) fails here.
TEST_P(MatmulTest, ATokenGivesTheSameBitsAloneAsInABatch)
{
    const auto [type, level] = GetParam();
    std::mt19937 rng(5);
    constexpr std::size_t rows = 37, cols = 768, tokens = 29;
    const auto weights = packed_rows(type, cols, rows, rng, false);
    const hearth::WeightMatrix w { type, rows, cols, weights.data(), row_bytes(type, cols) };
    std::vector<float> x(tokens * cols);
    for (std::size_t t = 0; t < tokens; ++t) {
        const auto values = random_values(cols, rng);
        std::copy(values.begin(), values.end(), x.begin() + t * cols);
    }
    hearth::cpu::MatmulScratch scratch;
    std::vector<float> batch(tokens * rows), alone(rows);
    hearth::cpu::matmul(w, x, tokens, batch, pool_of(2), scratch, level);
    for (std::size_t t = 0; t < tokens; ++t) {
        hearth::cpu::matmul(w, std::span<const float>(x).subspan(t * cols, cols), 1, alone, pool_of(2), scratch, level);
        for (std::size_t r = 0; r < rows; ++r)
            ASSERT_EQ(std::bit_cast<std::uint32_t>(batch[t * rows + r]), std::bit_cast<std::uint32_t>(alone[r]))
                << "row " << r << ", token " << t << ": " << batch[t * rows + r] << " in the batch, " << alone[r]
                << " alone";
    }
}

INSTANTIATE_TEST_SUITE_P(AllLevels, MatmulTest, testing::ValuesIn(all_cases()), case_name);

class FloatMatmulTest : public DotKernelTest { };

TEST_P(FloatMatmulTest, AnyColumnCountMatchesReference)
{
    const auto [type, level] = GetParam();
    std::mt19937 rng(8);
    for (std::size_t cols : { 1, 77, 300 })
        check_matmul(type, level, 19, cols, 6, 3, rng);
}

std::vector<KernelCase> float_cases()
{
    auto cases = all_cases();
    std::erase_if(cases, [](const KernelCase& c) { return block_elements(c.type) != 1; });
    return cases;
}

INSTANTIATE_TEST_SUITE_P(AllLevels, FloatMatmulTest, testing::ValuesIn(float_cases()), case_name);

TEST(Matmul, RejectsBuffersTooSmallForTheShape)
{
    const std::vector<std::byte> weights(4 * 64 * sizeof(float));
    const hearth::WeightMatrix w { GgmlType::F32, 4, 64, weights.data(), 64 * sizeof(float) };
    std::vector<float> x(2 * 64), y(2 * 4);
    hearth::cpu::MatmulScratch scratch;
    EXPECT_THROW(hearth::cpu::matmul(w, std::span(x).first(127), 2, y, pool_of(1), scratch), std::invalid_argument);
    EXPECT_THROW(hearth::cpu::matmul(w, x, 2, std::span(y).first(7), pool_of(1), scratch), std::invalid_argument);
    EXPECT_NO_THROW(hearth::cpu::matmul(w, x, 2, y, pool_of(1), scratch));
}

TEST(Matmul, RejectsColumnsThatAreNotWholeBlocks)
{
    // 100 columns cannot be Q8_K super-blocks of 256 (or Q4_K weights).
    const std::vector<std::byte> weights(1024);
    const hearth::WeightMatrix w { GgmlType::Q4_K, 2, 100, weights.data(), 144 };
    std::vector<float> x(100), y(2);
    hearth::cpu::MatmulScratch scratch;
    EXPECT_THROW(hearth::cpu::matmul(w, x, 1, y, pool_of(1), scratch), std::invalid_argument);
}

// ---- SIMD levels ----------------------------------------------------------------

TEST(SimdLevel, DetectedLevelRunsHere)
{
    EXPECT_TRUE(hearth::cpu::simd_level_supported(hearth::cpu::detect_simd_level()));
    EXPECT_TRUE(hearth::cpu::simd_level_supported(SimdLevel::Portable));
}

TEST(SimdLevel, NamesRoundTrip)
{
    for (auto level : kLevels)
        EXPECT_EQ(hearth::cpu::simd_level_from_name(hearth::cpu::simd_level_name(level)), level);
    EXPECT_EQ(hearth::cpu::simd_level_from_name("avx512"), SimdLevel::Avx512);
    EXPECT_EQ(hearth::cpu::simd_level_from_name("sse2"), std::nullopt);
}

TEST(SimdLevel, UnsupportedLevelHasNoKernels)
{
    for (auto level : kLevels) {
        if (!hearth::cpu::simd_level_supported(level)) {
            EXPECT_EQ(hearth::cpu::dot_kernel(GgmlType::Q4_0, level), nullptr) << level_name(level);
        }
    }
    EXPECT_EQ(hearth::cpu::dot_kernel(GgmlType::I32, SimdLevel::Portable), nullptr);
}

// ---- thread pool ---------------------------------------------------------------

TEST(ThreadPool, ZeroThreadsMeansOnePerCore)
{
    hearth::cpu::ThreadPool pool;
    EXPECT_EQ(pool.size(), std::max(1u, std::thread::hardware_concurrency()));
}

TEST(ThreadPool, RunCallsEveryThreadIndexExactlyOnce)
{
    for (unsigned threads : { 1, 2, 3, 8 }) {
        hearth::cpu::ThreadPool pool(threads);
        ASSERT_EQ(pool.size(), threads);
        std::vector<std::atomic<int>> calls(threads);
        std::atomic<int> wrong_count { 0 };
        pool.run([&](unsigned index, unsigned count) {
            if (count != threads || index >= threads)
                ++wrong_count;
            else
                ++calls[index];
        });
        EXPECT_EQ(wrong_count, 0);
        for (unsigned i = 0; i < threads; ++i)
            EXPECT_EQ(calls[i], 1) << "thread " << i << " of " << threads;
    }
}

TEST(ThreadPool, CallerIsThreadZero)
{
    hearth::cpu::ThreadPool pool(3);
    std::thread::id zero;
    pool.run([&](unsigned index, unsigned) {
        if (index == 0)
            zero = std::this_thread::get_id();
    });
    EXPECT_EQ(zero, std::this_thread::get_id());
}

TEST(ThreadPool, ParallelForCoversTheRangeExactlyInMultiplesOfGrain)
{
    for (unsigned threads : { 1, 2, 3, 8 }) {
        hearth::cpu::ThreadPool pool(threads);
        for (std::size_t count : { 0, 1, 5, 17, 64, 1000 }) {
            for (std::size_t grain : { 1, 4, 7, 64 }) {
                std::vector<std::atomic<int>> hits(count);
                std::mutex mutex;
                std::vector<std::pair<std::size_t, std::size_t>> ranges;
                pool.parallel_for(count, grain, [&](std::size_t begin, std::size_t end) {
                    for (std::size_t i = begin; i < end; ++i)
                        ++hits[i];
                    std::lock_guard lock(mutex);
                    ranges.emplace_back(begin, end);
                });
                for (std::size_t i = 0; i < count; ++i)
                    ASSERT_EQ(hits[i], 1)
                        << "index " << i << " of " << count << ", grain " << grain << ", " << threads << " threads";
                EXPECT_LE(ranges.size(), threads);
                for (auto [begin, end] : ranges) {
                    EXPECT_LT(begin, end) << "empty range";
                    EXPECT_EQ(begin % grain, 0u) << "range [" << begin << ", " << end << ")";
                    EXPECT_TRUE(end == count || end % grain == 0) << "range [" << begin << ", " << end << ")";
                }
            }
        }
    }
}

TEST(ThreadPool, ManyConsecutiveRunsEachSeeEveryThread)
{
    hearth::cpu::ThreadPool pool(4);
    std::atomic<std::uint64_t> total { 0 };
    constexpr int kRuns = 20000;
    for (int run = 0; run < kRuns; ++run) {
        std::atomic<unsigned> seen { 0 };
        pool.run([&](unsigned index, unsigned) {
            seen.fetch_or(1u << index);
            total.fetch_add(1);
        });
        ASSERT_EQ(seen, 0b1111u) << "run " << run;
    }
    EXPECT_EQ(total, 4u * kRuns);
}

// Pauses longer than the workers spin, so they fall asleep between runs and
// every run must wake them.
TEST(ThreadPool, WakesSleepingWorkers)
{
    hearth::cpu::ThreadPool pool(3);
    for (int run = 0; run < 20; ++run) {
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
        std::atomic<int> calls { 0 };
        pool.run([&](unsigned, unsigned) { ++calls; });
        ASSERT_EQ(calls, 3) << "run " << run;
    }
}

} // namespace
