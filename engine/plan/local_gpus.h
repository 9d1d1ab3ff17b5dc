#pragma once

#include <vector>

#include "plan/gpu_fit.h"

namespace hearth {

// The GPUs of this machine as the CUDA runtime reports them (name, total and
// free memory), identical cards folded into one entry with a count. Empty in
// a build without CUDA, or without a driver or a device.
std::vector<GpuSpec> local_gpus();

} // namespace hearth
