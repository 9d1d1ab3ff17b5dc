#include "engine/quant/quantize_iq2.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#include "engine/quant/half.h"
#include "engine/quant/iq2_search.h"
#include "engine/quant/scale_fits.h"

// IQ2_S as ggml quantizes it (quantize_iq2_s): IQ2_XS's search over blocks
// of 16 (quant/iq2_search.h) on a grid of 1024 points, with all 8 sign bits
// stored, so no sign has to be given up to make the count of negatives
// even. Built without FMA contraction, like the rest of the IQ2 search.
namespace hearth::quant {

namespace {

constexpr float kIq2SMaxEps = 1e-8f; // IQ2_S treats smaller blocks as all zero
constexpr int kBlocks = kSuperBlock / 16;
constexpr int kSignBytes = kSuperBlock / 8; // where the sign bytes start in qs

// Without an importance matrix each value weighs x² plus a quarter of the
// super-block's spread.
void block_weights(const float* x, const float* importance, float sigma2, float* weight)
{
    if (importance) {
        weigh_by_importance(x, importance, sigma2, 16, weight);
        return;
    }
    for (int i = 0; i < 16; ++i)
        weight[i] = 0.25f * sigma2 + x[i] * x[i];
}

} // namespace

void quantize_iq2_s(const float* x, BlockIQ2S* y, std::size_t n, const float* importance)
{
    using iq2::kOctet;
    const iq2::Grid grid = iq2::grid_of(GgmlType::IQ2_S);
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        BlockIQ2S& out = y[b];
        out = BlockIQ2S {};
        out.d = float_to_fp16(0.f);
        const float sigma2 = 2 * mean_square(x, kSuperBlock);
        std::array<float, kBlocks> scales;
        float max_scale = 0;
        for (int ib = 0; ib < kBlocks; ++ib) {
            const float* xb = x + 16 * ib;
            float weight[16], waux[16], xval[16];
            std::int8_t L[16];
            std::uint8_t signs[2];
            block_weights(xb, importance ? importance + b * kSuperBlock + 16 * ib : nullptr, sigma2, weight);
            for (int i = 0; i < 16; ++i)
                waux[i] = std::sqrt(weight[i]);
            for (int k = 0; k < 2; ++k)
                signs[k] = iq2::fold_signs(xb + kOctet * k, weight + kOctet * k, false, xval + kOctet * k);
            const std::optional<float> fit = iq2::fit_block_of_16(grid, xval, weight, waux, kIq2SMaxEps, L);
            if (!fit) {
                scales[ib] = 0;
                continue;
            }
            float scale = *fit;
            if (scale < 0) {
                scale = -scale;
                for (auto& s : signs)
                    s = static_cast<std::uint8_t>(~s);
            }
            // Each 8's 10-bit index: low 8 bits in qs, top 2 in qh (four a byte).
            for (int k = 0; k < 2; ++k) {
                const int i8 = 2 * ib + k;
                const std::uint32_t index = iq2::grid_index(grid, L + kOctet * k);
                out.qs[i8] = static_cast<std::uint8_t>(index & 255);
                out.qh[i8 / 4] = static_cast<std::uint8_t>(out.qh[i8 / 4] | ((index >> 8) << (2 * (i8 % 4))));
                out.qs[kSignBytes + i8] = signs[k];
            }
            scales[ib] = scale;
            max_scale = std::max(max_scale, scale);
        }
        // An all-zero super-block keeps whatever indices its blocks got
        // (with scale codes 0 and d = 0), as ggml's does.
        if (!max_scale)
            continue;
        const float d = max_scale / iq2::kScaleSteps;
        // Stored 1.25 % smaller than the codes are fitted to: ggml's tuning
        // for IQ2_S, part of the format as files have it.
        out.d = float_to_fp16(d * 0.9875f);
        const float id = 1 / d;
        for (int ib = 0; ib < kBlocks; ++ib) {
            const int code = iq2::block_scale_code(scales[ib], id);
            out.scales[ib / 2] = static_cast<std::uint8_t>(out.scales[ib / 2] | (code << (4 * (ib % 2))));
        }
    }
}

} // namespace hearth::quant
