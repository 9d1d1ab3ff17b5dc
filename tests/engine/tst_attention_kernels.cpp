// The attention inner loops at every SIMD level against a plain loop, for
// both cache types and head sizes that do and do not fill whole vectors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "cpu/attention_kernels.h"
#include "quant/half.h"

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

TEST(AttentionKernels, EveryLevelAgreesWithAPlainLoop)
{
    std::mt19937 random(5);
    std::normal_distribution<float> normal;
    for (const auto level : { SimdLevel::Portable, SimdLevel::Avx2, SimdLevel::Avx512, SimdLevel::Avx512Vnni }) {
        if (!simd_level_supported(level))
            continue;
        for (const auto type : { KvCacheType::F32, KvCacheType::F16 }) {
            const auto& kernels = attention_kernels(type, level);
            for (const std::size_t head_dim : { 64u, 128u, 80u, 7u }) {
                const std::size_t count = 37;
                const std::size_t stride = head_dim * 3; // three KV heads
                const auto keys = make_cache(type, count, stride, random);
                const auto values = make_cache(type, count, stride, random);
                std::vector<float> q(head_dim), weights(count);
                for (auto& v : q)
                    v = normal(random);
                for (auto& w : weights)
                    w = std::abs(normal(random));
                const std::size_t offset = head_dim; // the second KV head
                const std::size_t element = type == KvCacheType::F16 ? 2 : 4;

                std::vector<float> scores(count), mixed(head_dim);
                kernels.scores(
                    q.data(), keys.bytes.data() + offset * element, stride, count, head_dim, 0.5f, scores.data());
                kernels.mix(
                    weights.data(), values.bytes.data() + offset * element, stride, count, head_dim, mixed.data());
                for (std::size_t p = 0; p < count; ++p) {
                    double dot = 0.0, magnitude = 0.0;
                    for (std::size_t d = 0; d < head_dim; ++d) {
                        dot += q[d] * keys.values[p * stride + offset + d];
                        magnitude += std::abs(q[d] * keys.values[p * stride + offset + d]);
                    }
                    // Float sums in another order: within a few ulps of the magnitude.
                    EXPECT_NEAR(scores[p], 0.5 * dot, 1e-6 * magnitude + 1e-7)
                        << simd_level_name(level) << " head " << head_dim << " position " << p;
                }
                for (std::size_t d = 0; d < head_dim; ++d) {
                    double sum = 0.0, magnitude = 0.0;
                    for (std::size_t p = 0; p < count; ++p) {
                        sum += weights[p] * values.values[p * stride + offset + d];
                        magnitude += std::abs(weights[p] * values.values[p * stride + offset + d]);
                    }
                    EXPECT_NEAR(mixed[d], sum, 1e-6 * magnitude + 1e-7)
                        << simd_level_name(level) << " head " << head_dim << " column " << d;
                }
            }
        }
    }
}

} // namespace
} // namespace hearth::cpu
