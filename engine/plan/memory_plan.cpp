#include "engine/plan/memory_plan.h"

#include <algorithm>
#include <cmath>

namespace hearth {
namespace {

std::uint64_t bytes_for(std::uint64_t parameters, double bits_per_weight)
{
    return static_cast<std::uint64_t>(std::ceil(static_cast<double>(parameters) * bits_per_weight / 8.0));
}

// Scratch for one forward step over `chunk` tokens, all f32: the residual
// stream and norms (4 × hidden), q/k/v, the FFN's gate and up (2 × active
// width), one attention tile of scores per head, and one row of logits per
// sequence.
std::uint64_t compute_bytes(const ModelShape& s, std::uint32_t chunk, std::uint32_t batch)
{
    const std::uint64_t q_dim = s.uses_mla() ? std::uint64_t { s.heads } * (s.nope_head_dim + s.rope_head_dim)
                                             : std::uint64_t { s.heads } * s.head_dim;
    const std::uint64_t kv_dim
        = s.uses_mla() ? s.kv_lora_rank + s.rope_head_dim : 2 * std::uint64_t { s.kv_heads } * s.head_dim;
    const std::uint64_t ffn_width = s.is_moe()
        ? std::max<std::uint64_t>(s.ffn, std::uint64_t { s.experts_used + s.shared_experts } * s.expert_ffn)
        : s.ffn;
    const std::uint64_t per_token = 4ull * s.hidden + q_dim + kv_dim + 2 * ffn_width;
    const std::uint64_t scores = std::uint64_t { s.heads } * chunk * PlanConstants::kAttentionTile;
    const std::uint64_t logits = std::uint64_t { s.vocab } * std::max<std::uint32_t>(batch, 1);
    return 4 * (per_token * chunk + scores + logits);
}

} // namespace

std::uint64_t kv_elements_per_token_per_layer(const ModelShape& s)
{
    if (s.uses_mla())
        return std::uint64_t { s.kv_lora_rank } + s.rope_head_dim;
    return 2 * std::uint64_t { s.kv_heads } * s.head_dim;
}

std::optional<MemoryPlan> plan_memory(const PlanModel& model, const PlanOptions& options)
{
    const auto& s = model.shape;
    MemoryPlan plan;
    const auto counted = count_parameters(s);

    if (options.quant.empty() && model.stored) {
        const auto& stored = *model.stored;
        plan.quant = stored.quantization;
        plan.exact_weights = true;
        plan.parameters = stored.parameters;
        plan.weights_bytes = stored.total_bytes();
        plan.layer_weights_bytes
            = stored.layer_bytes.empty() ? 0 : *std::max_element(stored.layer_bytes.begin(), stored.layer_bytes.end());
        plan.non_layer_weights_bytes = stored.embedding_bytes + stored.output_bytes;
        plan.bits_per_weight = plan.parameters ? 8.0 * plan.weights_bytes / plan.parameters : 0;
    } else {
        const auto level = find_quant_level(options.quant.empty() ? "F16" : options.quant);
        if (!level)
            return std::nullopt;
        plan.quant = std::string(level->name);
        plan.bits_per_weight = level->bits_per_weight;
        plan.parameters = model.stored ? model.stored->parameters : counted.total();
        // Scale the counted shape so that a file's true parameter count wins.
        const double scale = counted.total() ? static_cast<double>(plan.parameters) / counted.total() : 1.0;
        plan.weights_bytes = bytes_for(plan.parameters, level->bits_per_weight);
        const auto largest_layer
            = counted.per_layer.empty() ? 0 : *std::max_element(counted.per_layer.begin(), counted.per_layer.end());
        plan.layer_weights_bytes = bytes_for(static_cast<std::uint64_t>(largest_layer * scale), level->bits_per_weight);
        plan.non_layer_weights_bytes = bytes_for(
            static_cast<std::uint64_t>((counted.embedding + counted.output) * scale), level->bits_per_weight);
    }

    const double kv_bytes = kv_bytes_per_element(options.kv);
    plan.kv_bytes_per_token = static_cast<std::uint64_t>(
        std::ceil(static_cast<double>(kv_elements_per_token_per_layer(s)) * s.layers * kv_bytes));
    // Sliding-window layers keep their window (and a batch) on the CPU.
    const std::uint32_t windowed = std::min(s.windowed_layers, s.layers);
    const double rows = static_cast<double>(s.layers - windowed) * options.context
        + static_cast<double>(windowed) * static_cast<double>(windowed_cache_rows(s.sliding_window, options.context));
    plan.kv_cache_bytes = static_cast<std::uint64_t>(
        std::ceil(static_cast<double>(kv_elements_per_token_per_layer(s)) * rows * options.batch * kv_bytes));
    plan.prompt_chunk = std::min<std::uint64_t>(
        PlanConstants::kPromptChunk, std::uint64_t { options.context } * std::max<std::uint32_t>(options.batch, 1));
    plan.compute_bytes = compute_bytes(s, plan.prompt_chunk, options.batch);
    plan.overhead_bytes = PlanConstants::kRuntimeOverhead;
    plan.total_bytes = plan.weights_bytes + plan.kv_cache_bytes + plan.compute_bytes + plan.overhead_bytes;
    return plan;
}

} // namespace hearth
