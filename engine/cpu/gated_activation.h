#pragma once

#include <cstddef>

#include "engine/cpu/simd_level.h"
#include "engine/model/architecture.h"

namespace hearth::cpu {

// out[i] = act(gate[i], up[i]): the gating of a feed-forward block.
using GatedKernel = void (*)(const float* gate, const float* up, float* out, std::size_t n);

// The same values as cpu::silu_multiply (ops.h), vectorized where `level`
// has vectors: e^x as expf gives it, then the same float steps. A scalar
// expf per value was 2.4% of a prompt's time on the 1.2B bench model.
GatedKernel silu_multiply_kernel(SimdLevel level);

// The kernel of `activation` at `level`.
GatedKernel gated_kernel(GatedActivation activation, SimdLevel level);

} // namespace hearth::cpu
