#include "engine/quant/scale_fits.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "engine/quant/nearest_int.h"

namespace hearth::quant {

// Fits x[i] ~ scale * L[i] - min_out with L in 0..nmax, weighting squared
// (or, with `absolute_error`, absolute) errors by w (ggml's make_qkx2_quants). Starts
// from the plain min/max mapping, then tries nstep + 1 stretched mappings
// (nmax + rmin + rdelta * step levels over the range), and for each solves
// the weighted least-squares scale and min for the quants it gives, keeping
// the best. Returns the scale; `min_out` gets the (non-negative) min.
float fit_scale_and_min(int n, int nmax, const float* x, const float* w, std::uint8_t* L, float& min_out, float rmin,
    float rdelta, int nstep, bool absolute_error)
{
    assert(n <= 32);
    std::uint8_t trial[32];
    float min = x[0];
    float max = x[0];
    float sum_w = w[0];
    float sum_x = sum_w * x[0];
    for (int i = 1; i < n; ++i) {
        if (x[i] < min)
            min = x[i];
        if (x[i] > max)
            max = x[i];
        sum_w += w[i];
        sum_x += w[i] * x[i];
    }
    if (min > 0)
        min = 0;
    if (max == min) {
        std::fill(L, L + n, std::uint8_t { 0 });
        min_out = -min;
        return 0.0f;
    }
    float iscale = nmax / (max - min);
    float scale = 1 / iscale;
    float best_error = 0;
    for (int i = 0; i < n; ++i) {
        L[i] = static_cast<std::uint8_t>(clamp_int(nearest_int(iscale * (x[i] - min)), 0, nmax));
        float diff = scale * L[i] + min - x[i];
        diff = absolute_error ? std::fabs(diff) : diff * diff;
        best_error += w[i] * diff;
    }
    for (int step = 0; step <= nstep; ++step) {
        iscale = (rmin + rdelta * step + nmax) / (max - min);
        float sum_l = 0;
        float sum_l2 = 0;
        float sum_xl = 0;
        for (int i = 0; i < n; ++i) {
            const int l = clamp_int(nearest_int(iscale * (x[i] - min)), 0, nmax);
            trial[i] = static_cast<std::uint8_t>(l);
            sum_l += w[i] * l;
            sum_l2 += w[i] * l * l;
            sum_xl += w[i] * l * x[i];
        }
        const float det = sum_w * sum_l2 - sum_l * sum_l;
        if (!(det > 0))
            continue;
        float trial_scale = (sum_w * sum_xl - sum_x * sum_l) / det;
        float trial_min = (sum_l2 * sum_x - sum_l * sum_xl) / det;
        if (trial_min > 0) {
            trial_min = 0;
            trial_scale = sum_xl / sum_l2;
        }
        float error = 0;
        for (int i = 0; i < n; ++i) {
            float diff = trial_scale * trial[i] + trial_min - x[i];
            diff = absolute_error ? std::fabs(diff) : diff * diff;
            error += w[i] * diff;
        }
        if (error < best_error) {
            std::copy(trial, trial + n, L);
            best_error = error;
            scale = trial_scale;
            min = trial_min;
        }
    }
    min_out = -min;
    return scale;
}

float fit_symmetric_levels(int nmax, const float* x, std::int8_t* L)
{
    constexpr int n = 16;
    const float max = largest_magnitude(x, n);
    if (std::fabs(max) < kGroupMaxEps) {
        std::fill(L, L + n, std::int8_t { 0 });
        return 0.0f;
    }
    const float iscale = -nmax / max;
    float sum_lx = 0;
    float sum_l2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = clamp_int(nearest_int(iscale * x[i]), -nmax, nmax - 1);
        L[i] = static_cast<std::int8_t>(l);
        const float w = x[i] * x[i];
        sum_lx += w * x[i] * l;
        sum_l2 += w * l * l;
    }
    for (int pass = 0; pass < 5; ++pass) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = x[i] * x[i];
            float lx = sum_lx - w * x[i] * L[i];
            if (!(lx > 0))
                continue;
            float l2 = sum_l2 - w * L[i] * L[i];
            const int moved = clamp_int(nearest_int(x[i] * l2 / lx), -nmax, nmax - 1);
            if (moved == L[i])
                continue;
            lx += w * x[i] * moved;
            l2 += w * moved * moved;
            if (l2 > 0 && lx * lx * sum_l2 > sum_lx * sum_lx * l2) {
                L[i] = static_cast<std::int8_t>(moved);
                sum_lx = lx;
                sum_l2 = l2;
                ++changed;
            }
        }
        if (!changed)
            break;
    }
    for (int i = 0; i < n; ++i)
        L[i] = static_cast<std::int8_t>(L[i] + nmax);
    return sum_l2 > 0.0f ? sum_lx / sum_l2 : 0.0f;
}

float fit_symmetric_scale(int n, int nmax, const float* x, const float* w, std::int8_t* L)
{
    assert(n <= 32);
    const float max = largest_magnitude(x, static_cast<std::size_t>(n));
    if (std::fabs(max) < kGroupMaxEps) {
        std::fill(L, L + n, std::int8_t { 0 });
        return 0.0f;
    }
    const auto weight = [&](int i) { return w ? w[i] : x[i] * x[i]; };
    float iscale = -nmax / max;
    float sum_lx = 0;
    float sum_l2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = clamp_int(nearest_int(iscale * x[i]), -nmax, nmax - 1);
        L[i] = static_cast<std::int8_t>(l + nmax);
        sum_lx += weight(i) * x[i] * l;
        sum_l2 += weight(i) * l * l;
    }
    float scale = sum_l2 != 0 ? sum_lx / sum_l2 : 0.0f;
    float best = scale * sum_lx;
    for (int step = -9; step <= 9; ++step) {
        if (step == 0)
            continue;
        iscale = -(nmax + 0.1f * step) / max;
        sum_lx = 0;
        sum_l2 = 0;
        for (int i = 0; i < n; ++i) {
            const int l = clamp_int(nearest_int(iscale * x[i]), -nmax, nmax - 1);
            sum_lx += weight(i) * x[i] * l;
            sum_l2 += weight(i) * l * l;
        }
        if (sum_l2 > 0 && sum_lx * sum_lx > best * sum_l2) {
            for (int i = 0; i < n; ++i)
                L[i] = static_cast<std::int8_t>(nmax + clamp_int(nearest_int(iscale * x[i]), -nmax, nmax - 1));
            scale = sum_lx / sum_l2;
            best = scale * sum_lx;
        }
    }
    return scale;
}

float fit_positive_levels(int n, int nmax, const float* x, const float* w, std::uint8_t* L)
{
    float max = 0;
    for (int i = 0; i < n; ++i)
        max = std::max(max, x[i]);
    if (max < kGroupMaxEps) {
        std::fill(L, L + n, std::uint8_t { 0 });
        return 0.0f;
    }
    // The plain mapping's error is the bar the stretched ones must beat.
    float iscale = nmax / max;
    float best_error = 0;
    {
        const float scale = 1 / iscale;
        for (int i = 0; i < n; ++i) {
            // Stored as ggml stores it, in a byte, before the error is taken.
            const auto l = static_cast<std::uint8_t>(nearest_int(iscale * x[i]));
            const float diff = x[i] - scale * l;
            best_error += w[i] * diff * diff;
        }
    }
    for (int step = -4; step <= 4; ++step) {
        if (step == 0)
            continue;
        const float trial_iscale = (0.1f * step + nmax) / max;
        const float trial_scale = 1 / trial_iscale;
        float error = 0;
        for (int i = 0; i < n; ++i) {
            const int l = std::min(nmax, nearest_int(trial_iscale * x[i]));
            const float diff = x[i] - trial_scale * l;
            error += w[i] * diff * diff;
        }
        if (error < best_error) {
            best_error = error;
            iscale = trial_iscale;
        }
    }
    float sum_lx = 0;
    float sum_l2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = std::min(nmax, nearest_int(iscale * x[i]));
        L[i] = static_cast<std::uint8_t>(l);
        sum_lx += w[i] * x[i] * l;
        sum_l2 += w[i] * l * l;
    }
    for (int pass = 0; pass < 5; ++pass) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            float lx = sum_lx - w[i] * x[i] * L[i];
            float l2 = sum_l2 - w[i] * L[i] * L[i];
            if (!(lx > 0 && l2 > 0))
                continue;
            const int moved = std::min(nmax, nearest_int(x[i] * l2 / lx));
            if (moved == L[i])
                continue;
            lx += w[i] * x[i] * moved;
            l2 += w[i] * moved * moved;
            if (lx * lx * sum_l2 > sum_lx * sum_lx * l2) {
                L[i] = static_cast<std::uint8_t>(moved);
                sum_lx = lx;
                sum_l2 = l2;
                ++changed;
            }
        }
        if (!changed)
            break;
    }
    return sum_l2 > 0.0f ? sum_lx / sum_l2 : 0.0f;
}

} // namespace hearth::quant
