#pragma once

#include <cstddef>

#include "engine/quant/block_formats.h"

// The per-format expansions behind dequantize_row(); `n` is a whole number
// of blocks. Each evaluates ggml's float expressions in ggml's order, so the
// floats are identical, not just close.
namespace hearth::quant {

void dequantize_q4_1(const BlockQ4_1* blocks, float* y, std::size_t n);
void dequantize_q5_0(const BlockQ5_0* blocks, float* y, std::size_t n);
void dequantize_q5_1(const BlockQ5_1* blocks, float* y, std::size_t n);
void dequantize_q8_1(const BlockQ8_1* blocks, float* y, std::size_t n);
void dequantize_q2_k(const BlockQ2K* blocks, float* y, std::size_t n);
void dequantize_q3_k(const BlockQ3K* blocks, float* y, std::size_t n);

void dequantize_iq4_nl(const BlockIQ4NL* blocks, float* y, std::size_t n);
void dequantize_iq4_xs(const BlockIQ4XS* blocks, float* y, std::size_t n);
void dequantize_mxfp4(const BlockMXFP4* blocks, float* y, std::size_t n);
void dequantize_iq2_xxs(const BlockIQ2XXS* blocks, float* y, std::size_t n);
void dequantize_iq2_xs(const BlockIQ2XS* blocks, float* y, std::size_t n);
void dequantize_iq2_s(const BlockIQ2S* blocks, float* y, std::size_t n);
void dequantize_iq3_xxs(const BlockIQ3XXS* blocks, float* y, std::size_t n);
void dequantize_iq3_s(const BlockIQ3S* blocks, float* y, std::size_t n);
void dequantize_iq1_s(const BlockIQ1S* blocks, float* y, std::size_t n);
void dequantize_iq1_m(const BlockIQ1M* blocks, float* y, std::size_t n);
void dequantize_tq1_0(const BlockTQ1_0* blocks, float* y, std::size_t n);
void dequantize_tq2_0(const BlockTQ2_0* blocks, float* y, std::size_t n);

} // namespace hearth::quant
