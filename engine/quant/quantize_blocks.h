#pragma once

#include <cstddef>

#include "engine/quant/block_formats.h"

// The per-format quantizers behind quantize_row() and quantize_activations_row();
// `n` is a whole number of blocks.
namespace hearth::quant {

// ggml's reference quantizers (quantize_row_*_ref), the ones llama-quantize
// runs without an importance matrix.
// `importance`: one weight a column of the row (an importance matrix's), or null.
void quantize_q4_0(const float* x, BlockQ4_0* y, std::size_t n, const float* importance = nullptr);
void quantize_q8_0(const float* x, BlockQ8_0* y, std::size_t n);
void quantize_q4_1(const float* x, BlockQ4_1* y, std::size_t n, const float* importance = nullptr);
void quantize_q5_0(const float* x, BlockQ5_0* y, std::size_t n, const float* importance = nullptr);
void quantize_q5_1(const float* x, BlockQ5_1* y, std::size_t n, const float* importance = nullptr);
void quantize_iq4_nl(const float* x, BlockIQ4NL* y, std::size_t n, const float* importance = nullptr);
void quantize_iq4_xs(const float* x, BlockIQ4XS* y, std::size_t n, const float* importance = nullptr);
void quantize_q2_k(const float* x, BlockQ2K* y, std::size_t n, const float* importance = nullptr);
void quantize_q3_k(const float* x, BlockQ3K* y, std::size_t n, const float* importance = nullptr);
void quantize_q4_k(const float* x, BlockQ4K* y, std::size_t n, const float* importance = nullptr);
void quantize_q5_k(const float* x, BlockQ5K* y, std::size_t n, const float* importance = nullptr);
void quantize_q6_k(const float* x, BlockQ6K* y, std::size_t n, const float* importance = nullptr);
void quantize_q8_k(const float* x, BlockQ8K* y, std::size_t n);
void quantize_mxfp4(const float* x, BlockMXFP4* y, std::size_t n);
void quantize_tq1_0(const float* x, BlockTQ1_0* y, std::size_t n);
void quantize_tq2_0(const float* x, BlockTQ2_0* y, std::size_t n);

// Q8_0 as ggml-cpu's AVX/AVX2 quantize_row_q8_0 makes it for activations
// (see quantize_activations.h for how it differs from quantize_q8_0).
void quantize_q8_0_activations(const float* x, BlockQ8_0* y, std::size_t n);
// Q8_1, the activations of Q4_1 and Q5_1, as ggml-cpu's AVX/AVX2 path makes it.
void quantize_q8_1_activations(const float* x, BlockQ8_1* y, std::size_t n);

} // namespace hearth::quant
