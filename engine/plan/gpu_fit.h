#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/plan/memory_plan.h"

namespace hearth {

struct GpuSpec {
    std::string name;
    std::uint64_t capacity_bytes = 0;
    std::uint64_t free_bytes = 0; // for GPUs in this machine; 0 when unknown
    double bandwidth_gb_s = 0; // memory bandwidth, 0 when unknown
    bool local = false; // found in this machine
    int count = 1; // identical GPUs in this machine
};

// How a plan meets one kind of GPU.
struct GpuFit {
    std::uint64_t usable_bytes = 0; // what the plan may fill, after headroom
    bool fits = false; // whole model, on one GPU
    std::uint32_t max_context = 0; // largest context (multiple of 256) that fits; 0 if none
    std::uint32_t layers_on_gpu = 0; // all layers when it fits; else how many do
    std::uint32_t gpus_needed = 0; // tensor parallel across GPUs of this kind; 0 if > 64
    std::string best_quant; // most precise quantization that fits one GPU; empty if none
};

GpuFit fit_gpu(const PlanModel& model, const PlanOptions& options, const GpuSpec& gpu);

// Memory one GPU needs when `gpus` of them share the model by tensor
// parallelism (vLLM's --tensor-parallel-size): weights and KV heads split,
// buffers and runtime repeated on each.
std::uint64_t bytes_per_gpu(const MemoryPlan& plan, const ModelShape& shape, std::uint32_t gpus);

} // namespace hearth
