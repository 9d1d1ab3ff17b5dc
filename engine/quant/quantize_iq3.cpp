#include "engine/quant/quantize_iq3.h"

#include <cstdint>
#include <cstring>

#include "engine/quant/half.h"
#include "engine/quant/quantize_iq3_fit.h"

// IQ3_XXS and IQ3_S as ggml quantizes them (quantize_iq3_xxs /
// quantize_iq3_s): the shared search (quantize_iq3_fit.cpp) fits each block
// of 32, and the 8 block scales become 4-bit odd multiples of one fp16
// super-block scale. Built without FMA contraction, like the search.
namespace hearth::quant {

using namespace iq3;

void quantize_iq3_xxs(const float* x, BlockIQ3XXS* y, std::size_t n, const float* importance)
{
    constexpr std::size_t kWordsAt = kSuperBlock / 4; // the sign-and-scale words follow the 64 index bytes
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        const FittedSuperBlock sb
            = fit_super_block(GgmlType::IQ3_XXS, x, importance ? importance + b * kSuperBlock : nullptr);
        BlockIQ3XXS& out = y[b];
        std::memset(&out, 0, sizeof out);
        if (sb.max_scale == 0)
            continue;
        const float d = sb.max_scale / 31;
        out.d = float_to_fp16(d * 1.0125f); // ggml's fudge factor, a small gain in its measurements
        const float id = 1 / d;
        for (int ib = 0; ib < kBlocks; ++ib) {
            const FittedBlock& block = sb.blocks[ib];
            std::uint32_t word = 0;
            if (!block.all_zero) {
                for (int k = 0; k < kGroups; ++k)
                    out.qs[kGroups * ib + k] = static_cast<std::uint8_t>(block.points[k]);
                for (int k = 0; k < kSignBytes; ++k)
                    word |= static_cast<std::uint32_t>(block.signs[k]) << (7 * k);
            }
            word |= scale_code(id, block.scale) << 28;
            std::memcpy(out.qs + kWordsAt + 4 * ib, &word, sizeof word);
        }
    }
}

void quantize_iq3_s(const float* x, BlockIQ3S* y, std::size_t n, const float* importance)
{
    for (std::size_t b = 0; b < n / kSuperBlock; ++b, x += kSuperBlock) {
        const FittedSuperBlock sb
            = fit_super_block(GgmlType::IQ3_S, x, importance ? importance + b * kSuperBlock : nullptr);
        BlockIQ3S& out = y[b];
        std::memset(&out, 0, sizeof out);
        // ggml advances its index and sign cursors only past blocks it did
        // not skip as zero, so after a zero block the later blocks' indices
        // and signs sit one block early (the high index bits do not move).
        // Files made by llama.cpp carry this; so must ours, to match them.
        int written = 0;
        for (int ib = 0; ib < kBlocks; ++ib) {
            const FittedBlock& block = sb.blocks[ib];
            if (block.all_zero)
                continue;
            for (int k = 0; k < kGroups; ++k) {
                out.qs[kGroups * written + k] = static_cast<std::uint8_t>(block.points[k] & 255);
                out.qh[ib] = static_cast<std::uint8_t>(out.qh[ib] | ((block.points[k] >> 8) << k));
            }
            for (int k = 0; k < kSignBytes; ++k)
                out.signs[kSignBytes * written + k] = block.signs[k];
            ++written;
        }
        // Unlike IQ3_XXS, a super-block whose scales all came out zero keeps its indices and signs.
        if (sb.max_scale == 0)
            continue;
        const float d = sb.max_scale / 31;
        out.d = float_to_fp16(d * 1.033f); // ggml's fudge factor, as IQ3_XXS's
        const float id = 1 / d;
        for (int ib = 0; ib < kBlocks; ib += 2) {
            const std::uint32_t low = scale_code(id, sb.blocks[ib].scale);
            const std::uint32_t high = scale_code(id, sb.blocks[ib + 1].scale);
            out.scales[ib / 2] = static_cast<std::uint8_t>(low | (high << 4));
        }
    }
}

} // namespace hearth::quant
