#include "engine/cuda/local_gpus.h"

namespace hearth {

// This build has no CUDA: the planner shows catalog GPUs only.
std::vector<GpuSpec> local_gpus()
{
    return {};
}

std::vector<GpuDevice> gpu_devices()
{
    return {};
}

bool cuda_built()
{
    return false;
}

} // namespace hearth
