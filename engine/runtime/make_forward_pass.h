#pragma once

#include <memory>

#include "engine/model/forward_pass.h"

namespace hearth {

class Model;

struct ForwardPassChoice {
    std::unique_ptr<ForwardPass> pass;
    GpuFallback fallback = GpuFallback::None;
};

// The pass on the device the options ask for. Where CUDA is asked for and no
// GPU can be used, the CPU runs it and `fallback` says why. Throws
// DeviceMemoryError when the model does not fit on the GPU.
ForwardPassChoice make_forward_pass(const Model& model, const ForwardPassOptions& options);

} // namespace hearth
