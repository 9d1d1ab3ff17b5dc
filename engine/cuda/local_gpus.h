#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/plan/gpu_fit.h"

namespace hearth {

// The GPUs of this machine as the CUDA runtime reports them (name, total and
// free memory), identical cards folded into one entry with a count. Empty in
// a build without CUDA, or without a driver or a device.
std::vector<GpuSpec> local_gpus();

// One GPU as CUDA numbers it: what a choice of device lists.
struct GpuDevice {
    int index = 0;
    std::string name;
    std::uint64_t total_bytes = 0;
    std::uint64_t free_bytes = 0;
};

// Every GPU this process can use, unfolded; empty as local_gpus is.
std::vector<GpuDevice> gpu_devices();

// Whether this build has the CUDA engine at all.
bool cuda_built();

} // namespace hearth
