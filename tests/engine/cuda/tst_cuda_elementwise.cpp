// The GPU's per-token steps against the CPU path's (cpu/ops.h): RMSNorm on
// rows of odd widths, SwiGLU and the residual add on odd counts, RoPE in
// both pairings, whole and partial. Skipped (and reported so) where there
// is no GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/cpu/ops.h"
#include "engine/cuda/cuda_error.h"
#include "engine/cuda/device_buffer.h"
#include "engine/cuda/elementwise.h"
#include "engine/model/model_config.h"

namespace hearth {
namespace {

class CudaElementwise : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (!cuda::gpu_available())
            GTEST_SKIP() << "no GPU here";
    }

    static std::vector<float> random_values(std::size_t count, unsigned seed)
    {
        std::mt19937 random(seed);
        std::normal_distribution<float> normal(0.0f, 1.0f);
        std::vector<float> values(count);
        for (float& v : values)
            v = normal(random);
        return values;
    }

    static cuda::DeviceBuffer on_gpu(const std::vector<float>& values)
    {
        cuda::DeviceBuffer buffer(values.size() * sizeof(float));
        buffer.upload(std::as_bytes(std::span(values)));
        return buffer;
    }

    static std::vector<float> from_gpu(const cuda::DeviceBuffer& buffer, std::size_t count)
    {
        cuda::check(cudaDeviceSynchronize(), "kernel");
        std::vector<float> values(count);
        buffer.download(std::as_writable_bytes(std::span(values)));
        return values;
    }
};

TEST_F(CudaElementwise, RmsNormIsTheCpus)
{
    for (const std::size_t n : { std::size_t(896), std::size_t(4096), std::size_t(5120 + 7) }) {
        const std::size_t tokens = 3;
        const auto x = random_values(tokens * n, 1);
        const auto weight = random_values(n, 2);
        std::vector<float> want(tokens * n);
        for (std::size_t t = 0; t < tokens; ++t)
            cpu::rms_norm(&x[t * n], weight.data(), 1e-6f, &want[t * n], n);
        const auto gx = on_gpu(x);
        const auto gw = on_gpu(weight);
        cuda::DeviceBuffer out(tokens * n * sizeof(float));
        cuda::rms_norm(gx.as<float>(), gw.as<float>(), 1e-6f, out.as<float>(), tokens, n, nullptr);
        const auto got = from_gpu(out, tokens * n);
        for (std::size_t i = 0; i < got.size(); ++i)
            ASSERT_NEAR(got[i], want[i], 1e-5f * (1.0f + std::fabs(want[i]))) << i << " of width " << n;
    }
}

TEST_F(CudaElementwise, SwigluAndTheResidualAddAreTheCpus)
{
    const std::size_t count = 3 * 14336 + 5;
    const auto gate = random_values(count, 3);
    const auto up = random_values(count, 4);
    std::vector<float> want(count);
    cpu::silu_multiply(gate.data(), up.data(), want.data(), count);
    const auto gg = on_gpu(gate);
    const auto gu = on_gpu(up);
    cuda::DeviceBuffer out(count * sizeof(float));
    cuda::silu_multiply(gg.as<float>(), gu.as<float>(), count, out.as<float>(), 1, count, nullptr);
    const auto got = from_gpu(out, count);
    for (std::size_t i = 0; i < count; ++i)
        ASSERT_NEAR(got[i], want[i], 1e-5f * (1.0f + std::fabs(want[i]))) << i;

    // A fused gate_up output: rows of gate then up, 2 × 96 values a token.
    const std::size_t tokens = 5, n = 96;
    const auto fused = random_values(tokens * 2 * n, 5);
    std::vector<float> want_fused(tokens * n);
    for (std::size_t t = 0; t < tokens; ++t)
        cpu::silu_multiply(&fused[t * 2 * n], &fused[t * 2 * n + n], &want_fused[t * n], n);
    const auto gf = on_gpu(fused);
    cuda::DeviceBuffer out_fused(tokens * n * sizeof(float));
    cuda::silu_multiply(gf.as<float>(), gf.as<float>() + n, 2 * n, out_fused.as<float>(), tokens, n, nullptr);
    const auto got_fused = from_gpu(out_fused, tokens * n);
    for (std::size_t i = 0; i < got_fused.size(); ++i)
        ASSERT_NEAR(got_fused[i], want_fused[i], 1e-5f * (1.0f + std::fabs(want_fused[i]))) << i;

    // Biases added to every row.
    const auto bias = random_values(n, 6);
    auto biased = on_gpu(fused);
    const auto device_bias = on_gpu(bias);
    cuda::add_bias(biased.as<float>(), device_bias.as<float>(), 2 * tokens, n, nullptr);
    const auto with_bias = from_gpu(biased, fused.size());
    for (std::size_t i = 0; i < fused.size(); ++i)
        ASSERT_EQ(with_bias[i], fused[i] + bias[i % n]) << i;

    auto sum = on_gpu(gate);
    cuda::add_in_place(sum.as<float>(), gu.as<float>(), count, nullptr);
    const auto added = from_gpu(sum, count);
    for (std::size_t i = 0; i < count; ++i)
        ASSERT_EQ(added[i], gate[i] + up[i]) << i;
}

TEST_F(CudaElementwise, RopeIsTheCpus)
{
    for (const bool adjacent : { true, false }) {
        for (const std::uint32_t rope_dims : { 128u, 64u }) { // whole heads, and a partial rotation
            ModelConfig config;
            config.shape.head_dim = 128;
            config.rope_dims = rope_dims;
            config.rope_base = 500000.0f;
            config.architecture.rope = adjacent ? RopeStyle::Adjacent : RopeStyle::Neox;
            const std::size_t tokens = 5;
            const std::size_t heads = 7;
            const std::uint32_t positions[tokens] = { 0, 1, 17, 4095, 31999 };
            std::vector<float> angles(tokens * rope_dims);
            for (std::size_t t = 0; t < tokens; ++t)
                cpu::rope_angles(config, {}, positions[t], &angles[t * rope_dims]);
            const auto x = random_values(tokens * heads * 128, 6);
            std::vector<float> want = x;
            for (std::size_t t = 0; t < tokens; ++t)
                cpu::rope_rotate(config, &angles[t * rope_dims], &want[t * heads * 128], heads);
            const auto ga = on_gpu(angles);
            auto gx = on_gpu(x);
            cuda::rope_rotate(ga.as<float>(), gx.as<float>(), tokens, heads, 128, rope_dims, adjacent, nullptr);
            const auto got = from_gpu(gx, x.size());
            for (std::size_t i = 0; i < got.size(); ++i)
                ASSERT_NEAR(got[i], want[i], 1e-6f * (1.0f + std::fabs(want[i])))
                    << i << (adjacent ? " adjacent" : " neox") << " rope_dims " << rope_dims;
        }
    }
}

} // namespace
} // namespace hearth
