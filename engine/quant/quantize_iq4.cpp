#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "engine/quant/half.h"
#include "engine/quant/iq_grids.h"
#include "engine/quant/nearest_int.h"
#include "engine/quant/quantize_blocks.h"

// IQ4_NL and IQ4_XS, as ggml quantizes them (quantize_iq4_nl / _xs, the
// path llama-quantize takes): for each 32 values, the scale that maps the
// largest magnitude to an end of the level table, then 15 scales around it,
// each refined by weighted least squares; IQ4_XS then stores the 8 block
// scales as 6-bit multiples of one super-block scale and re-picks the
// levels for the stored scales. Every float expression keeps ggml's order
// (this file is built without FMA contraction, quant/sources.cmake).
namespace hearth::quant {

namespace {

constexpr float kGroupMaxEps = 1e-15f; // ggml's GROUP_MAX_EPS: blocks below it are all zeros
constexpr int kTries = 7; // scales tried each side of the first guess

// The level nearest to x (the lower on ties), by bisection as ggml does.
int nearest_level(float x)
{
    const auto& v = kIq4NlLevels;
    if (x <= v[0])
        return 0;
    if (x >= v[15])
        return 15;
    int lo = 0, hi = 15;
    while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        if (x < v[mid])
            hi = mid;
        else
            lo = mid;
    }
    return x - v[hi - 1] < v[hi] - x ? hi - 1 : hi;
}

// The best scale for one block of 32 (0 for an all-but-zero block), its
// levels into L. Weights: the importance times the block's spread, or x².
float fit_block(const float* x, const float* importance, float sigma2, std::uint8_t* L)
{
    float weight[32];
    for (int j = 0; j < 32; ++j)
        weight[j] = importance ? importance[j] * std::sqrt(sigma2 + x[j] * x[j]) : x[j] * x[j];
    float amax = 0, max = 0;
    for (int j = 0; j < 32; ++j) {
        const float ax = std::fabs(x[j]);
        if (ax > amax) {
            amax = ax;
            max = x[j];
        }
    }
    if (amax < kGroupMaxEps)
        return 0;
    const auto& values = kIq4NlLevels;
    float d = -max / values[0];
    float id = 1 / d;
    float sumqx = 0, sumq2 = 0;
    for (int j = 0; j < 32; ++j) {
        const float al = id * x[j];
        const int l = nearest_level(al);
        L[j] = static_cast<std::uint8_t>(l);
        const float q = values[l];
        const float w = weight[j];
        sumqx += w * q * x[j];
        sumq2 += w * q * q;
    }
    d = sumq2 > 0 ? sumqx / sumq2 : 0.f;
    float best = d * sumqx;
    for (int itry = -kTries; itry <= kTries; ++itry) {
        id = (itry + values[0]) / max;
        sumqx = sumq2 = 0;
        for (int j = 0; j < 32; ++j) {
            const float al = id * x[j];
            const int l = nearest_level(al);
            const float q = values[l];
            const float w = weight[j];
            sumqx += w * q * x[j];
            sumq2 += w * q * q;
        }
        if (sumq2 > 0 && sumqx * sumqx > best * sumq2) {
            d = sumqx / sumq2;
            best = d * sumqx;
        }
    }
    return d;
}

// 2 / n · Σ x² over the super-block (the weights' spread term).
float spread(const float* x, int n)
{
    float sigma2 = 0;
    for (int j = 0; j < n; ++j)
        sigma2 += x[j] * x[j];
    return sigma2 * (2.f / n);
}

void pack_levels(const std::uint8_t* L, int blocks, std::uint8_t* qs)
{
    for (int i = 0; i < blocks; ++i)
        for (int j = 0; j < 16; ++j)
            qs[16 * i + j] = static_cast<std::uint8_t>(L[32 * i + j] | (L[32 * i + 16 + j] << 4));
}

} // namespace

void quantize_iq4_nl(const float* x, BlockIQ4NL* y, std::size_t n, const float* importance)
{
    for (std::size_t b = 0; b < n / kBlock32; ++b, x += kBlock32) {
        std::uint8_t L[32] = {};
        const float d = fit_block(x, importance ? importance + b * kBlock32 : nullptr, spread(x, 32), L);
        y[b].d = float_to_fp16(d);
        // The levels again for the scale as found (an all-but-zero block: level 1, value 0 nearest).
        const float id = d != 0 ? 1 / d : 0;
        for (int j = 0; j < 32; ++j)
            L[j] = static_cast<std::uint8_t>(nearest_level(id * x[j]));
        pack_levels(L, 1, y[b].qs);
    }
}

void quantize_iq4_xs(const float* x, BlockIQ4XS* y, std::size_t n, const float* importance)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        const float sigma2 = spread(x, kSuperBlock);
        std::uint8_t L[kSuperBlock] = {};
        float scales[8];
        float max_scale = 0, amax_scale = 0;
        for (int ib = 0; ib < 8; ++ib) {
            const float* qw = importance ? importance + b * kSuperBlock + 32 * ib : nullptr;
            scales[ib] = fit_block(x + 32 * ib, qw, sigma2, L + 32 * ib);
            const float abs_d = std::fabs(scales[ib]);
            if (abs_d > amax_scale) {
                amax_scale = abs_d;
                max_scale = scales[ib];
            }
        }
        const float d = -max_scale / 32;
        y[b].d = float_to_fp16(d);
        y[b].scales_h = 0;
        std::memset(y[b].scales_l, 0, sizeof y[b].scales_l);
        const float id = d != 0 ? 1 / d : 0.f;
        for (int ib = 0; ib < 8; ++ib) {
            int l = nearest_int(id * scales[ib]);
            l = std::max(-32, std::min(31, l));
            const float dl = d * l;
            const float idl = dl != 0 ? 1 / dl : 0.f;
            for (int j = 0; j < 32; ++j)
                L[32 * ib + j] = static_cast<std::uint8_t>(nearest_level(idl * x[32 * ib + j]));
            l += 32;
            y[b].scales_l[ib / 2] |= static_cast<std::uint8_t>((l & 0xF) << (4 * (ib % 2)));
            y[b].scales_h |= static_cast<std::uint16_t>((l >> 4) << (2 * ib));
        }
        pack_levels(L, 8, y[b].qs);
    }
}

} // namespace hearth::quant
