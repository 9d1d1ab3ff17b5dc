#pragma once

#include <cstdint>

// The scale searches that more than one K-quant quantizer runs. Internal to
// the quantizers; like them, built without FMA contraction.
namespace hearth::quant {

float fit_scale_and_min(int n, int nmax, const float* x, const float* w, std::uint8_t* L, float& min_out, float rmin,
    float rdelta, int nstep, bool absolute_error);

// Fits x[i] ~ scale * (L[i] - nmax) with L in 0..2*nmax-1 for one group of
// 16 (ggml's make_q3_quants with its error search): the element of largest
// magnitude maps to -nmax, then quants move one at a time while the
// x²-weighted fit improves, for at most five passes. Returns the scale.
float fit_symmetric_levels(int nmax, const float* x, std::int8_t* L);

} // namespace hearth::quant
