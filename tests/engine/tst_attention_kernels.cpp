// Attention at every SIMD level against a reference in doubles, for both
// cache types.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "engine/cpu/attention_kernels.h"
#include "engine/quant/half.h"

namespace hearth::cpu {
namespace {

struct Cache {
    std::vector<std::byte> bytes;
    std::vector<float> values; // what the cache holds, as floats
};

Cache make_cache(KvCacheType type, std::size_t rows, std::size_t stride, std::mt19937& random)
{
    std::normal_distribution<float> normal;
    Cache cache;
    const std::size_t element = type == KvCacheType::F16 ? 2 : 4;
    cache.bytes.resize(rows * stride * element);
    cache.values.resize(rows * stride);
    for (std::size_t i = 0; i < rows * stride; ++i) {
        const float v = normal(random);
        if (type == KvCacheType::F16) {
            const auto h = quant::float_to_fp16(v);
            reinterpret_cast<std::uint16_t*>(cache.bytes.data())[i] = h;
            cache.values[i] = quant::fp16_to_float(h);
        } else {
            reinterpret_cast<float*>(cache.bytes.data())[i] = v;
            cache.values[i] = v;
        }
    }
    return cache;
}

// softmax(scale × K q, sink) V in doubles, for one row that sees positions
// [first, positions); a sink of −∞ is none.
std::vector<double> reference(const std::vector<float>& q, const Cache& keys, const Cache& values, std::size_t offset,
    std::size_t stride, std::size_t positions, double scale, std::size_t first = 0, double sink = -INFINITY)
{
    const std::size_t head_dim = q.size();
    std::vector<double> scores(positions), out(head_dim);
    for (std::size_t p = first; p < positions; ++p)
        for (std::size_t d = 0; d < head_dim; ++d)
            scores[p] += scale * q[d] * keys.values[p * stride + offset + d];
    const double max
        = std::max(*std::max_element(scores.begin() + static_cast<std::ptrdiff_t>(first), scores.end()), sink);
    double sum = std::exp(sink - max);
    for (std::size_t p = first; p < positions; ++p)
        sum += (scores[p] = std::exp(scores[p] - max));
    for (std::size_t p = first; p < positions; ++p)
        for (std::size_t d = 0; d < head_dim; ++d)
            out[d] += scores[p] / sum * values.values[p * stride + offset + d];
    return out;
}

// Rows that see different numbers of positions (a prompt's tokens), lanes
// left empty, head sizes that do and do not fill whole vectors, and runs
// longer than a block of converted keys.
TEST(AttentionKernels, EveryLevelAgreesWithAReferenceInDoubles)
{
    std::mt19937 random(5);
    std::normal_distribution<float> normal;
    for (const auto level : { SimdLevel::Portable, SimdLevel::Avx2, SimdLevel::Avx512, SimdLevel::Avx512Vnni }) {
        if (!simd_level_supported(level))
            continue;
        for (const auto type : { KvCacheType::F32, KvCacheType::F16 }) {
            const auto& kernels = attention_kernels(type, level);
            ASSERT_LE(kernels.lanes, kMaxAttentionRows);
            for (const std::size_t head_dim : { 64u, 128u, 80u, 7u }) {
                const std::size_t positions = 77;
                const std::size_t stride = head_dim * 3; // three KV heads
                const std::size_t offset = head_dim; // the second KV head
                const std::size_t element = type == KvCacheType::F16 ? 2 : 4;
                const auto keys = make_cache(type, positions, stride, random);
                const auto values = make_cache(type, positions, stride, random);
                std::vector<float> scratch(attention_scratch_floats(positions, head_dim));
                for (const std::size_t count : { std::size_t { 1 }, kernels.lanes - 1, kernels.lanes }) {
                    if (count == 0)
                        continue;
                    std::vector<std::vector<float>> q(count, std::vector<float>(head_dim)), out(count);
                    AttentionRows rows;
                    rows.count = count;
                    for (std::size_t i = 0; i < count; ++i) {
                        for (auto& v : q[i])
                            v = normal(random);
                        out[i].assign(head_dim, 0.0f);
                        rows.q[i] = q[i].data();
                        rows.out[i] = out[i].data();
                        rows.positions[i] = static_cast<std::uint32_t>(positions - 5 * i);
                    }
                    const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
                    kernels.attend(rows, keys.bytes.data() + offset * element, values.bytes.data() + offset * element,
                        stride, head_dim, scale, scratch.data());
                    for (std::size_t i = 0; i < count; ++i) {
                        const auto expected = reference(q[i], keys, values, offset, stride, rows.positions[i], scale);
                        for (std::size_t d = 0; d < head_dim; ++d)
                            EXPECT_NEAR(out[i][d], expected[d], 2e-5)
                                << simd_level_name(level) << " head " << head_dim << " row " << i << " of " << count
                                << " column " << d;
                    }
                }
            }
        }
    }
}

// Sliding windows that begin before, inside and after the first block of
// converted keys, side by side with rows that see everything, and sink
// logits from one that takes most of the weight to none.
TEST(AttentionKernels, WindowsAndSinksAgreeWithAReferenceInDoubles)
{
    std::mt19937 random(11);
    std::normal_distribution<float> normal;
    for (const auto level : { SimdLevel::Portable, SimdLevel::Avx2, SimdLevel::Avx512, SimdLevel::Avx512Vnni }) {
        if (!simd_level_supported(level))
            continue;
        for (const auto type : { KvCacheType::F32, KvCacheType::F16 }) {
            const auto& kernels = attention_kernels(type, level);
            const std::size_t head_dim = 64, positions = 100;
            const auto keys = make_cache(type, positions, head_dim, random);
            const auto values = make_cache(type, positions, head_dim, random);
            std::vector<float> scratch(attention_scratch_floats(positions, head_dim));
            const std::size_t count = kernels.lanes;
            // Without rows that see everything, the kernel skips whole blocks.
            for (const bool some_see_all : { false, true }) {
                std::vector<std::vector<float>> q(count, std::vector<float>(head_dim)), out(count);
                AttentionRows rows;
                rows.count = count;
                for (std::size_t i = 0; i < count; ++i) {
                    for (auto& v : q[i])
                        v = normal(random);
                    out[i].assign(head_dim, 0.0f);
                    rows.q[i] = q[i].data();
                    rows.out[i] = out[i].data();
                    rows.positions[i] = static_cast<std::uint32_t>(positions - 2 * i);
                    // From a window of one (the row itself) to 40 positions.
                    rows.firsts[i] = some_see_all && i % 4 == 3
                        ? 0
                        : static_cast<std::uint32_t>(rows.positions[i] - 1 - 13 * (i % 4));
                    rows.sinks[i] = i % 3 == 0 ? -INFINITY : 3.0f * static_cast<float>(i % 3) - 2.0f;
                }
                kernels.attend(
                    rows, keys.bytes.data(), values.bytes.data(), head_dim, head_dim, 0.125f, scratch.data());
                for (std::size_t i = 0; i < count; ++i) {
                    const auto expected = reference(
                        q[i], keys, values, 0, head_dim, rows.positions[i], 0.125, rows.firsts[i], rows.sinks[i]);
                    for (std::size_t d = 0; d < head_dim; ++d)
                        EXPECT_NEAR(out[i][d], expected[d], 2e-5)
                            << simd_level_name(level) << " row " << i << " from " << rows.firsts[i] << " column " << d;
                }
            }
        }
    }
}

// A row's result is the same whichever rows share its call: a token decoded
// alone must equal the same token in a prompt, bit for bit.
TEST(AttentionKernels, ARowDoesNotDependOnItsNeighbours)
{
    std::mt19937 random(9);
    std::normal_distribution<float> normal;
    for (const auto level : { SimdLevel::Portable, SimdLevel::Avx2, SimdLevel::Avx512, SimdLevel::Avx512Vnni }) {
        if (!simd_level_supported(level))
            continue;
        const auto& kernels = attention_kernels(KvCacheType::F16, level);
        const std::size_t head_dim = 64, positions = 50;
        const auto keys = make_cache(KvCacheType::F16, positions, head_dim, random);
        const auto values = make_cache(KvCacheType::F16, positions, head_dim, random);
        std::vector<float> scratch(attention_scratch_floats(positions, head_dim));
        std::vector<std::vector<float>> q(kernels.lanes, std::vector<float>(head_dim));
        std::vector<std::vector<float>> together(kernels.lanes, std::vector<float>(head_dim));
        AttentionRows all;
        all.count = kernels.lanes;
        for (std::size_t i = 0; i < kernels.lanes; ++i) {
            for (auto& v : q[i])
                v = normal(random);
            all.q[i] = q[i].data();
            all.out[i] = together[i].data();
            all.positions[i] = static_cast<std::uint32_t>(positions - 3 * i);
            all.firsts[i] = i % 2 ? all.positions[i] - 8 : 0;
            all.sinks[i] = i % 2 ? 0.5f : -INFINITY;
        }
        kernels.attend(all, keys.bytes.data(), values.bytes.data(), head_dim, head_dim, 0.125f, scratch.data());
        for (std::size_t i = 0; i < kernels.lanes; ++i) {
            std::vector<float> alone(head_dim);
            AttentionRows one;
            one.count = 1;
            one.q[0] = q[i].data();
            one.out[0] = alone.data();
            one.positions[0] = all.positions[i];
            one.firsts[0] = all.firsts[i];
            one.sinks[0] = all.sinks[i];
            kernels.attend(one, keys.bytes.data(), values.bytes.data(), head_dim, head_dim, 0.125f, scratch.data());
            EXPECT_EQ(alone, together[i]) << simd_level_name(level) << " row " << i;
        }
    }
}

} // namespace
} // namespace hearth::cpu
