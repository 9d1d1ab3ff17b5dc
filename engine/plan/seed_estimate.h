#pragma once

#include <cstdint>
#include <string_view>

namespace hearth {

// The quick estimate of the source deployment guide (section 3.1), kept
// formula for formula so users can compare it with the exact plan: weights
// at 4/2/1/0.5 bytes per parameter, KV as 15 % of the weights per sequence
// per 2048 tokens, activations as 10 % of the weights per sequence, and a flat
// 2 GB for the framework. "GB" there is GiB (it divides by 1024³).
struct SeedEstimate {
    std::string_view precision; // fp32, fp16, bf16, int8, int4
    double weights_gib = 0;
    double kv_cache_gib = 0;
    double activations_gib = 0;
    double overhead_gib = 0;
    double total_gib = 0;
    double with_margin_gib = 0; // total × 1.2: the guide's rule for choosing a GPU
};

// The guide knows five precisions; a quantization maps to the nearest by bits.
std::string_view seed_precision_for_bits(double bits_per_weight);

SeedEstimate seed_estimate(double parameters, std::string_view precision, std::uint32_t batch, std::uint32_t context);

} // namespace hearth
