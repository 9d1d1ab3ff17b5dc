#include "engine/plan/gpu_fit.h"

#include <algorithm>

namespace hearth {
namespace {

bool fits_in(const PlanModel& model, const PlanOptions& options, std::uint64_t usable)
{
    const auto plan = plan_memory(model, options);
    return plan && plan->total_bytes <= usable;
}

std::uint32_t largest_context(const PlanModel& model, const PlanOptions& options, std::uint64_t usable)
{
    constexpr std::uint32_t step = 256;
    const std::uint32_t limit = model.shape.max_context ? model.shape.max_context : 1u << 20;
    // total() grows with the context, so the fitting contexts form a prefix.
    std::uint32_t low = 0, high = limit / step;
    while (low < high) {
        const std::uint32_t mid = (low + high + 1) / 2;
        PlanOptions at = options;
        at.context = mid * step;
        if (fits_in(model, at, usable))
            low = mid;
        else
            high = mid - 1;
    }
    return low * step;
}

} // namespace

std::uint64_t bytes_per_gpu(const MemoryPlan& plan, const ModelShape& shape, std::uint32_t gpus)
{
    // When there are more GPUs than KV heads, each GPU still keeps a whole head.
    const std::uint32_t kv_split = shape.uses_mla() ? 1 : std::max<std::uint32_t>(1, std::min(gpus, shape.kv_heads));
    return (plan.weights_bytes + gpus - 1) / gpus + (plan.kv_cache_bytes + kv_split - 1) / kv_split + plan.compute_bytes
        + plan.overhead_bytes;
}

GpuFit fit_gpu(const PlanModel& model, const PlanOptions& options, const GpuSpec& gpu)
{
    GpuFit fit;
    const std::uint64_t budget = gpu.local && gpu.free_bytes ? gpu.free_bytes : gpu.capacity_bytes;
    fit.usable_bytes = static_cast<std::uint64_t>(static_cast<double>(budget) * (1.0 - PlanConstants::kHeadroom));

    const auto plan = plan_memory(model, options);
    if (!plan)
        return fit;
    const auto& shape = model.shape;
    fit.fits = plan->total_bytes <= fit.usable_bytes;
    fit.max_context = largest_context(model, options, fit.usable_bytes);

    if (fit.fits) {
        fit.layers_on_gpu = shape.layers;
    } else {
        // Partial offload: the GPU keeps whole layers with their KV cache; the
        // embeddings and output head stay on the CPU.
        const std::uint64_t fixed = plan->compute_bytes + plan->overhead_bytes;
        const std::uint64_t per_layer
            = plan->layer_weights_bytes + (shape.layers ? plan->kv_cache_bytes / shape.layers : 0);
        if (fit.usable_bytes > fixed && per_layer > 0)
            fit.layers_on_gpu = static_cast<std::uint32_t>(
                std::min<std::uint64_t>(shape.layers, (fit.usable_bytes - fixed) / per_layer));
    }

    for (std::uint32_t gpus = 1; gpus <= PlanConstants::kMaxTensorParallel; gpus *= 2) {
        // vLLM splits attention heads evenly, so the head count must divide.
        if (shape.heads % gpus != 0)
            break;
        if (bytes_per_gpu(*plan, shape, gpus) <= fit.usable_bytes) {
            fit.gpus_needed = gpus;
            break;
        }
    }

    for (const auto& level : quant_levels()) {
        if (level.bits_per_weight > 16.0)
            continue; // nobody serves F32 weights
        PlanOptions at = options;
        at.quant = std::string(level.name);
        if (fits_in(model, at, fit.usable_bytes)) {
            fit.best_quant = std::string(level.name);
            break;
        }
    }
    return fit;
}

} // namespace hearth
