#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "engine/gguf/ggml_type.h"
#include "engine/quant/grid_neighbours.h"

// The grid search that the IQ2 quantizers share (quantize_iq2.cpp, which
// defines it, and quantize_iq2_s.cpp). Internal to them; built, like them,
// without FMA contraction.
namespace hearth::quant::iq2 {

inline constexpr int kOctet = 8; // values that share one grid point
inline constexpr int kScaleSteps = 31; // the super-block scale is the largest block scale over this

// One type's grid: its points by grid index, as packed lattice coordinates
// (0..2, for the odd levels 1, 3, 5) and as the levels themselves, and the
// neighbours of the points off it.
struct Grid {
    const GridNeighbours& neighbours;
    const std::uint16_t* points;
    const std::array<float, kOctet>* levels;
};

// IQ2_XXS's, IQ2_XS's or IQ2_S's grid.
Grid grid_of(GgmlType type);

// xval = |x| for 8 values; returns their sign bits (bit i set: x[i]
// negative). With `even_count` (IQ2_XXS and IQ2_XS, whose 7-bit sign codes
// imply an even count of negatives) an odd count keeps the sign of the value
// that costs least to get wrong (smallest w·x², the first on ties): that
// one enters the fit negated. Only the low 7 bits are returned then.
std::uint8_t fold_signs(const float* x, const float* weight, bool even_count, float* xval);

// One IQ2_XS / IQ2_S block of 16: its scale and grid coordinates (L, zeros
// for a block stored as zeros), or nothing for a block whose largest |x| is
// below `eps`. The scale may come out negative: the caller flips it and the
// signs, as ggml does.
std::optional<float> fit_block_of_16(
    const Grid& grid, const float* xval, const float* weight, const float* waux, float eps, std::int8_t* L);

// The grid index of 8 coordinates that are a grid point.
std::uint32_t grid_index(const Grid& grid, const std::int8_t* L);

// The 4-bit code of a block scale: scale ≈ d · (2 · code + 1).
int block_scale_code(float scale, float inverse_d);

} // namespace hearth::quant::iq2
