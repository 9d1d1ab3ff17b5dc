// Attention over the paged KV cache against a double-precision reference:
// grouped heads, heads of 64, 96 and 128 values, contexts long enough to be
// split across thread blocks, tokens of several slots in one launch, and
// blocks shared between slots. Skipped where there is no GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/cuda/attention.h"
#include "engine/cuda/cuda_error.h"
#include "engine/cuda/device_buffer.h"
#include "engine/cuda/paged_kv_cache.h"

namespace hearth {
namespace {

struct Shape {
    int heads, kv_heads, head_dim;
};

class CudaAttention : public ::testing::TestWithParam<Shape> {
protected:
    void SetUp() override
    {
        if (!cuda::gpu_available())
            GTEST_SKIP() << "no GPU here";
    }
};

template <typename T> cuda::DeviceBuffer on_gpu(const std::vector<T>& values)
{
    cuda::DeviceBuffer buffer(values.size() * sizeof(T));
    buffer.upload(std::as_bytes(std::span(values)));
    return buffer;
}

TEST_P(CudaAttention, MatchesTheReference)
{
    const auto [heads, kv_heads, head_dim] = GetParam();
    const int kv_dim = kv_heads * head_dim;
    const std::uint32_t context = 3000, slots = 3;
    std::mt19937 random(3);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    cudaStream_t stream = nullptr;
    cuda::PagedKvCache cache(1, std::uint32_t(kv_dim), context, slots);

    // Slot 0 gets 2900 positions, slot 1 shares its first 1000 and adds 37
    // of its own, slot 2 has 5.
    std::vector<std::vector<float>> keys(slots), values(slots); // [position][kv_dim], rounded to half
    const auto fill = [&](std::uint32_t slot, std::uint32_t begin, std::uint32_t end) {
        std::vector<float> k((end - begin) * kv_dim), v(k.size());
        std::vector<int> slot_of(end - begin, int(slot)), position_of(end - begin);
        for (auto& x : k)
            x = normal(random);
        for (auto& x : v)
            x = normal(random);
        for (std::uint32_t p = begin; p < end; ++p) {
            position_of[p - begin] = int(p);
            cache.prepare_write(slot, p, stream);
        }
        cache.upload_table(stream);
        const auto gk = on_gpu(k), gv = on_gpu(v), gs = on_gpu(slot_of), gp = on_gpu(position_of);
        cuda::store_kv(cache.layer(0), gk.as<float>(), gv.as<float>(), gs.as<int>(), gp.as<int>(), end - begin, stream);
        cuda::check(cudaStreamSynchronize(stream), "store_kv");
        keys[slot].resize(end * kv_dim);
        values[slot].resize(end * kv_dim);
        for (std::size_t i = 0; i < k.size(); ++i) {
            keys[slot][begin * kv_dim + i] = __half2float(__float2half(k[i]));
            values[slot][begin * kv_dim + i] = __half2float(__float2half(v[i]));
        }
    };
    fill(0, 0, 2900);
    cache.share_prefix(0, 1, 1000);
    keys[1].assign(keys[0].begin(), keys[0].begin() + 1000 * kv_dim);
    values[1].assign(values[0].begin(), values[0].begin() + 1000 * kv_dim);
    fill(1, 1000, 1037);
    fill(2, 0, 5);

    // Queries: the last position of each slot, an early one of slot 0, and
    // the one where slot 1's own positions start.
    const std::vector<int> slot_of { 0, 1, 2, 0, 1 };
    const std::vector<int> position_of { 2899, 1036, 4, 17, 1000 };
    const std::size_t tokens = slot_of.size();
    std::vector<float> q(tokens * heads * head_dim);
    for (auto& x : q)
        x = normal(random);
    const int longest = 2900;
    cuda::DeviceBuffer scratch(
        cuda::attention_scratch_floats(tokens, { heads, kv_heads, head_dim }, longest) * sizeof(float));
    cuda::DeviceBuffer out(q.size() * sizeof(float));
    cache.upload_table(stream);
    const auto gq = on_gpu(q), gs = on_gpu(slot_of), gp = on_gpu(position_of);
    cuda::attend(cache.layer(0), gq.as<float>(), gs.as<int>(), gp.as<int>(), tokens, longest,
        { heads, kv_heads, head_dim }, scratch.as<float>(), out.as<float>(), stream);
    cuda::check(cudaStreamSynchronize(stream), "attend");
    std::vector<float> got(q.size());
    out.download(std::as_writable_bytes(std::span(got)));

    const double scale = 1.0 / std::sqrt(double(head_dim));
    for (std::size_t t = 0; t < tokens; ++t) {
        const auto& k = keys[std::size_t(slot_of[t])];
        const auto& v = values[std::size_t(slot_of[t])];
        const int length = position_of[t] + 1;
        for (int h = 0; h < heads; ++h) {
            const float* query = &q[(t * heads + h) * head_dim];
            const int offset = (h / (heads / kv_heads)) * head_dim;
            std::vector<double> scores(static_cast<std::size_t>(length));
            double max = -INFINITY;
            for (int p = 0; p < length; ++p) {
                double dot = 0;
                for (int d = 0; d < head_dim; ++d)
                    dot += double(query[d]) * k[std::size_t(p) * kv_dim + offset + d];
                scores[std::size_t(p)] = dot * scale;
                max = std::max(max, scores[std::size_t(p)]);
            }
            double sum = 0;
            for (auto& s : scores)
                sum += (s = std::exp(s - max));
            for (int d = 0; d < head_dim; ++d) {
                double want = 0;
                for (int p = 0; p < length; ++p)
                    want += scores[std::size_t(p)] / sum * v[std::size_t(p) * kv_dim + offset + d];
                ASSERT_NEAR(got[(t * heads + h) * head_dim + d], want, 2e-4)
                    << "token " << t << " (slot " << slot_of[t] << ", position " << position_of[t] << ") head " << h
                    << " dim " << d;
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Shapes, CudaAttention,
    ::testing::Values(Shape { 32, 8, 128 }, Shape { 14, 2, 64 }, Shape { 32, 32, 96 }, Shape { 4, 1, 256 }),
    [](const auto& info) {
        return std::to_string(info.param.heads) + "q" + std::to_string(info.param.kv_heads) + "kv"
            + std::to_string(info.param.head_dim);
    });

} // namespace
} // namespace hearth
