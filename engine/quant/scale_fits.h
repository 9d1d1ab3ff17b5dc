#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

// The scale searches that more than one K-quant quantizer runs. Internal to
// the quantizers; like them, built without FMA contraction.
namespace hearth::quant {

inline constexpr float kGroupMaxEps = 1e-15f; // below this a group counts as all zero

inline int clamp_int(int v, int lo, int hi)
{
    return std::max(lo, std::min(hi, v));
}

// The signed value of largest magnitude among x[0..n), the first one on
// ties: the symmetric formats map it to their lowest level.
inline float largest_magnitude(const float* x, std::size_t n)
{
    float amax = 0.0f;
    float max = 0.0f;
    for (std::size_t j = 0; j < n; ++j) {
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    }
    return max;
}

float fit_scale_and_min(int n, int nmax, const float* x, const float* w, std::uint8_t* L, float& min_out, float rmin,
    float rdelta, int nstep, bool absolute_error);

// Fits x[i] ~ scale * (L[i] - nmax) with L in 0..2*nmax-1 for one group of
// 16 (ggml's make_q3_quants with its error search): the element of largest
// magnitude maps to -nmax, then quants move one at a time while the
// x²-weighted fit improves, for at most five passes. Returns the scale.
float fit_symmetric_levels(int nmax, const float* x, std::int8_t* L);

// Fits x[i] ~ scale * (L[i] - nmax) with L in 0..2*nmax-1 for n <= 32
// values, weighting squared errors by w (null: by x[i]^2) — ggml's
// make_qx_quants with rmse_type 1: the element of largest magnitude fixes
// the sign, then 18 nearby scales are tried and the best weighted fit kept.
// Returns the scale.
float fit_symmetric_scale(int n, int nmax, const float* x, const float* w, std::int8_t* L);

// Fits n non-negative values (sub-block scales or mins) as d * L[i] with L
// in 0..nmax, errors weighted by w (ggml's make_qp_quants): eight steps
// around max / nmax, the best kept, then levels moved one at a time while
// the weighted least-squares fit improves. Returns d.
float fit_positive_levels(int n, int nmax, const float* x, const float* w, std::uint8_t* L);

// llama.cpp's weights from an importance matrix: each column's importance
// times the spread of its neighbourhood and its own value,
// importance[i] * sqrt(sigma2 + x[i]^2).
inline void weigh_by_importance(const float* x, const float* importance, float sigma2, int n, float* w)
{
    for (int i = 0; i < n; ++i)
        w[i] = importance[i] * std::sqrt(sigma2 + x[i] * x[i]);
}

// The mean square of x[0..n), summed in order as ggml does.
inline float mean_square(const float* x, std::size_t n)
{
    float sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum += x[i] * x[i];
    return sum / static_cast<float>(n);
}

} // namespace hearth::quant
