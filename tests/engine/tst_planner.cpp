#include <gtest/gtest.h>

#include "engine/gguf/gguf_file.h"
#include "engine/plan/decode_speed.h"
#include "engine/plan/gpu_fit.h"
#include "engine/plan/memory_plan.h"
#include "engine/plan/seed_estimate.h"
#include "tests/engine/shapes.h"
#include "tests/support/gguf_builder.h"

using namespace hearth;

namespace {

constexpr std::uint64_t GiB = 1ull << 30;
constexpr std::uint64_t MiB = 1ull << 20;

MemoryPlan plan_for(
    const ModelShape& shape, std::string quant, std::uint32_t context, std::uint32_t batch = 1, KvType kv = KvType::F16)
{
    const auto plan = plan_memory({ shape, std::nullopt }, { quant, context, batch, kv });
    EXPECT_TRUE(plan.has_value());
    return plan.value_or(MemoryPlan {});
}

GpuSpec gpu(std::string name, std::uint64_t mib)
{
    GpuSpec g;
    g.name = std::move(name);
    g.capacity_bytes = mib * MiB;
    return g;
}

} // namespace

TEST(Planner, KvCacheOfLlama8bAt8kIsOneGiB)
{
    // 2 × 32 layers × 8 KV heads × 128 × 8192 tokens × 2 bytes = 2^30.
    EXPECT_EQ(plan_for(test::llama31_8b(), "Q4_K_M", 8192).kv_cache_bytes, 1 * GiB);
}

TEST(Planner, KvCacheOfQwen7bAt32kIs1_75GiB)
{
    // 2 × 28 × 4 × 128 × 32768 × 2 = 1 879 048 192 = 1.75 GiB.
    EXPECT_EQ(plan_for(test::qwen25_7b(), "F16", 32768).kv_cache_bytes, 7 * GiB / 4);
}

TEST(Planner, KvCacheScalesWithBatchAndType)
{
    EXPECT_EQ(plan_for(test::llama31_8b(), "F16", 8192, 4).kv_cache_bytes, 4 * GiB);
    // Q8_0 keeps 32 values in 34 bytes: 17/32 of F16's size.
    EXPECT_EQ(plan_for(test::llama31_8b(), "F16", 8192, 1, KvType::Q8_0).kv_cache_bytes, GiB / 32 * 17);
}

TEST(Planner, DeepSeekV3CachesTheCompressedLatent)
{
    // MLA: 61 layers × (512 + 64) × 2 bytes per token, not 2 × 128 heads × 192.
    const auto plan = plan_for(test::deepseek_v3(), "Q4_K_M", 4096);
    EXPECT_EQ(plan.kv_bytes_per_token, 61u * 576 * 2);
    EXPECT_EQ(plan.kv_cache_bytes, 61ull * 576 * 2 * 4096);
}

TEST(Planner, SlidingWindowLayersKeepTheirWindow)
{
    // gpt-oss-20b: 12 of 24 layers see 128 positions and cache 2 × (128 + 512)
    // rows; the other 12 the whole 131072. 2 × 8 KV heads × 64 × 2 bytes a row.
    ModelShape shape;
    shape.architecture = "gpt-oss";
    shape.layers = 24, shape.hidden = 2880, shape.heads = 64, shape.kv_heads = 8, shape.head_dim = 64;
    shape.ffn = 2880, shape.vocab = 201088, shape.experts = 32, shape.experts_used = 4, shape.expert_ffn = 2880;
    shape.sliding_window = 128, shape.windowed_layers = 12;
    EXPECT_EQ(plan_for(shape, "Q8_0", 131072).kv_cache_bytes, (12ull * 131072 + 12 * 1280) * 2 * 8 * 64 * 2);
    // Below the ring's size a windowed layer keeps the context, as any other.
    EXPECT_EQ(plan_for(shape, "Q8_0", 1024).kv_cache_bytes, 24ull * 1024 * 2 * 8 * 64 * 2);
}

TEST(Planner, WeightsAreParametersTimesBitsPerWeight)
{
    const auto plan = plan_for(test::llama31_8b(), "F16", 4096);
    EXPECT_EQ(plan.parameters, 8030261248ull);
    EXPECT_EQ(plan.weights_bytes, 2 * 8030261248ull);
    const auto q8 = plan_for(test::llama31_8b(), "q8_0", 4096); // names are case-insensitive
    EXPECT_EQ(q8.quant, "Q8_0");
    EXPECT_EQ(q8.weights_bytes, 8030261248ull / 8 * 8.5);
    EXPECT_EQ(plan.total_bytes, plan.weights_bytes + plan.kv_cache_bytes + plan.compute_bytes + plan.overhead_bytes);
    EXPECT_EQ(plan.overhead_bytes, 512 * MiB);
}

TEST(Planner, ComputeBuffersFollowTheirFormula)
{
    // 512-token chunk, f32: (4 × 4096 + 4096 + 2048 + 2 × 14336) × 512
    // + 32 heads × 512 × 256 keys + 128256 logits, × 4 bytes.
    const auto plan = plan_for(test::llama31_8b(), "F16", 8192);
    EXPECT_EQ(plan.compute_bytes, 4ull * ((16384 + 4096 + 2048 + 28672) * 512 + 32 * 512 * 256 + 128256));
    // A short context shrinks the chunk.
    EXPECT_EQ(plan_for(test::llama31_8b(), "F16", 100).prompt_chunk, 100u);
}

TEST(Planner, UnknownQuantizationIsRefused)
{
    EXPECT_FALSE(plan_memory({ test::llama31_8b(), std::nullopt }, { "Q9_Z", 4096, 1, KvType::F16 }).has_value());
}

TEST(Planner, ExactWeightsOfAGeneratedGguf)
{
    test::TinyLlama tiny;
    tiny.matrix = test::kQ4_0;
    const auto builder = tiny.builder();
    const auto bytes = builder.build();
    const auto file = GgufFile::parse(bytes, "tiny.gguf");
    const auto shape = shape_from_gguf(file);
    const PlanModel model { shape, stored_weights(file, shape) };
    const auto plan = plan_memory(model, { "", 2048, 1, KvType::F16 });
    ASSERT_TRUE(plan);
    EXPECT_TRUE(plan->exact_weights);
    EXPECT_EQ(plan->quant, "Q4_0");
    EXPECT_EQ(plan->weights_bytes, builder.tensor_bytes());
    EXPECT_EQ(plan->weights_bytes, file.tensor_bytes());
    // Another quantization of the same file: its parameters × the new rate.
    const auto as_f16 = plan_memory(model, { "F16", 2048, 1, KvType::F16 });
    EXPECT_FALSE(as_f16->exact_weights);
    EXPECT_EQ(as_f16->weights_bytes, 2 * file.tensor_elements());
}

TEST(Planner, SeedEstimateReproducesTheGuidesFormula)
{
    // estimate_vram_gb(7, "fp16"): 7e9 × 2 / 1024³ = 13.039 GiB of weights,
    // KV 15 %, activations 10 %, 2 GB framework.
    const auto e = seed_estimate(7e9, "fp16", 1, 2048);
    EXPECT_NEAR(e.weights_gib, 13.0385, 1e-3);
    EXPECT_NEAR(e.kv_cache_gib, 1.9558, 1e-3);
    EXPECT_NEAR(e.activations_gib, 1.3039, 1e-3);
    EXPECT_DOUBLE_EQ(e.overhead_gib, 2.0);
    EXPECT_NEAR(e.total_gib, 18.298, 1e-3);
    EXPECT_NEAR(e.with_margin_gib, 21.958, 1e-3);
    const auto int4 = seed_estimate(7e9, "int4", 1, 2048);
    EXPECT_NEAR(int4.total_gib, 3.2596 * 1.25 + 2.0, 1e-3);
    // KV grows with batch and context/2048, activations with batch.
    const auto big = seed_estimate(7e9, "fp16", 4, 8192);
    EXPECT_NEAR(big.kv_cache_gib, 13.0385 * 0.15 * 4 * 4, 1e-2);
    EXPECT_NEAR(big.activations_gib, 13.0385 * 0.4, 1e-3);
    EXPECT_EQ(seed_precision_for_bits(4.9), "int4");
    EXPECT_EQ(seed_precision_for_bits(6.57), "int8");
    EXPECT_EQ(seed_precision_for_bits(16), "fp16");
}

// A token of Llama 3.1 8B at Q8_0 reads about 7.4 GiB of weights (all but the
// embedding table); at a 4090's 1008 GB/s that is at most ~130 tokens/s.
// Mixtral at the same quantization reads its two chosen experts of eight.
TEST(Planner, DecodeSpeedCeilingFollowsTheBytesATokenReads)
{
    const auto dense = decode_speed_ceiling(plan_for(test::llama31_8b(), "Q8_0", 4096), test::llama31_8b(), 1008);
    EXPECT_NEAR(static_cast<double>(dense.bytes_per_token) / GiB, 7.4, 0.2);
    EXPECT_NEAR(dense.tokens_per_s, 1008e9 / dense.bytes_per_token, 1e-6);
    EXPECT_GT(dense.tokens_per_s, 120);
    EXPECT_LT(dense.tokens_per_s, 145);

    const auto mixtral_plan = plan_for(test::mixtral_8x7b(), "Q8_0", 4096);
    const auto mixtral = decode_speed_ceiling(mixtral_plan, test::mixtral_8x7b(), 1008);
    const double share = static_cast<double>(mixtral.bytes_per_token) / mixtral_plan.weights_bytes;
    EXPECT_NEAR(share, 12.75 / 46.7, 0.01) << "the active parameters less the embedding table";
    EXPECT_EQ(decode_speed_ceiling(mixtral_plan, test::mixtral_8x7b(), 0).tokens_per_s, 0.0) << "bandwidth unknown";
}

TEST(Planner, Llama8bQ4FitsA4090)
{
    const PlanModel model { test::llama31_8b(), std::nullopt };
    const auto fit = fit_gpu(model, { "Q4_K_M", 8192, 1, KvType::F16 }, gpu("RTX 4090", 24564));
    EXPECT_EQ(fit.usable_bytes, static_cast<std::uint64_t>(24564.0 * MiB * 0.9));
    EXPECT_TRUE(fit.fits);
    EXPECT_EQ(fit.layers_on_gpu, 32u);
    EXPECT_EQ(fit.gpus_needed, 1u);
    EXPECT_EQ(fit.best_quant, "F16"); // 16 GB of F16 weights + 1 GiB KV fit in 21.6 GiB
    EXPECT_GT(fit.max_context, 8192u);
    EXPECT_EQ(fit.max_context % 256, 0u);
}

TEST(Planner, MaxContextIsTheLargestThatFits)
{
    const PlanModel model { test::llama31_8b(), std::nullopt };
    const PlanOptions options { "F16", 8192, 1, KvType::F16 };
    const auto g = gpu("RTX 4090", 24564);
    const auto fit = fit_gpu(model, options, g);
    ASSERT_GT(fit.max_context, 0u);
    ASSERT_LT(fit.max_context, 131072u);
    auto at = options;
    at.context = fit.max_context;
    EXPECT_LE(plan_memory(model, at)->total_bytes, fit.usable_bytes);
    at.context = fit.max_context + 256;
    EXPECT_GT(plan_memory(model, at)->total_bytes, fit.usable_bytes);
}

TEST(Planner, Llama70bF16NeedsTwoH100sOrPartialOffload)
{
    const PlanModel model { test::llama33_70b(), std::nullopt };
    const PlanOptions options { "F16", 4096, 1, KvType::F16 };
    const auto h100 = fit_gpu(model, options, gpu("H100", 81559));
    EXPECT_FALSE(h100.fits);
    EXPECT_EQ(h100.gpus_needed, 2u); // 141 GB of weights / 2 + buffers < 71.7 GiB
    EXPECT_EQ(h100.best_quant, "Q6_K");

    const auto rtx = fit_gpu(model, options, gpu("RTX 4090", 24564));
    const auto plan = *plan_memory(model, options);
    const auto per_layer = plan.layer_weights_bytes + plan.kv_cache_bytes / 80;
    const auto fixed = plan.compute_bytes + plan.overhead_bytes;
    ASSERT_GT(rtx.layers_on_gpu, 0u);
    EXPECT_LE(fixed + rtx.layers_on_gpu * per_layer, rtx.usable_bytes);
    EXPECT_GT(fixed + (rtx.layers_on_gpu + 1) * per_layer, rtx.usable_bytes);
    EXPECT_EQ(rtx.gpus_needed, 8u);
}

TEST(Planner, DeepSeekV3NeedsACluster)
{
    const PlanModel model { test::deepseek_v3(), std::nullopt };
    const auto fit = fit_gpu(model, { "Q4_K_M", 8192, 1, KvType::F16 }, gpu("H100", 81559));
    EXPECT_FALSE(fit.fits);
    EXPECT_EQ(fit.best_quant, "");
    EXPECT_EQ(fit.gpus_needed, 8u); // 671e9 × 4.9 / 8 = 383 GiB over 8 × 71.7 GiB
}

TEST(Planner, LocalGpusUseFreeMemory)
{
    auto g = gpu("local", 24564);
    g.local = true;
    g.free_bytes = 10 * GiB;
    const auto fit = fit_gpu({ test::qwen25_7b(), std::nullopt }, { "Q4_K_M", 4096, 1, KvType::F16 }, g);
    EXPECT_EQ(fit.usable_bytes, static_cast<std::uint64_t>(10.0 * GiB * 0.9));
}
