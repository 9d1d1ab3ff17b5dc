#include "engine/runtime/host_memory.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/model/forward_pass.h"
#include "engine/model/model.h"
#include "engine/plan/memory_plan.h"

namespace hearth {

namespace {

std::string gib(std::uint64_t bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / double(1ull << 30));
    return text;
}

} // namespace

std::uint64_t available_host_memory()
{
    std::ifstream meminfo("/proc/meminfo");
    std::uint64_t available = 0, swap = 0;
    for (std::string line; std::getline(meminfo, line);) {
        std::istringstream fields(line);
        std::string name;
        std::uint64_t kib = 0;
        fields >> name >> kib;
        if (name == "MemAvailable:")
            available = kib * 1024;
        else if (name == "SwapFree:")
            swap = kib * 1024;
    }
    return available ? available + swap : 0;
}

void check_host_memory(const Model& model, const ForwardPassOptions& options, std::uint64_t available)
{
    if (available == 0)
        available = available_host_memory();
    if (available == 0)
        return; // nothing to compare with: let the load try
    const auto& shape = model.config().shape;
    PlanOptions plan_options;
    plan_options.context = options.context;
    plan_options.batch = options.slot_count;
    const auto plan = plan_memory({ shape, stored_weights(model.file(), shape) }, plan_options);
    if (!plan)
        return;
    // F32 keys and values take twice the planner's F16 ones; the GPU's
    // runtime overhead does not apply here.
    const std::uint64_t kv = options.kv_type == KvCacheType::F32 ? 2 * plan->kv_cache_bytes : plan->kv_cache_bytes;
    const std::uint64_t needed = plan->weights_bytes + kv + plan->compute_bytes;
    if (needed <= available)
        return;
    throw HostMemoryError(model.file().source() + " needs " + gib(needed) + " of memory on the CPU at a "
        + std::to_string(options.context) + "-token context for " + std::to_string(options.slot_count)
        + " sequence(s) (weights " + gib(plan->weights_bytes) + ", KV cache " + gib(kv) + ", buffers "
        + gib(plan->compute_bytes) + "), but this machine has " + gib(available)
        + " free, RAM and swap together: choose a smaller quantization, a shorter context or fewer parallel "
          "sequences, or close other programs");
}

} // namespace hearth
