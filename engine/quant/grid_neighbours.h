#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/gguf/ggml_type.h"

namespace hearth::quant {

// What the i-quant quantizers (IQ1, IQ2, IQ3) search: they round each group
// of 8 (or 4) scaled weights to lattice coordinates, and when that point is
// not on the type's grid they try the grid points nearest to it. The lists
// are llama.cpp's to the letter — every grid point at the `wanted` smallest
// distances, nearest first, ties by grid index — because which points are
// tried decides which one a quantizer keeps, and with it the file's bytes.
class GridNeighbours {
public:
    // `points`: the grid as packed coordinates (quant/iq_grid_points.h),
    // `bits` a coordinate; `levels` how many values a coordinate takes.
    GridNeighbours(std::span<const std::uint16_t> points, int elements, int bits, int levels, int wanted);

    // The grid index of the point with packed coordinates `key`, or -1.
    int index_of(std::uint32_t key) const { return m_index[key]; }
    // The grid points nearest to `key`, a point not on the grid whose
    // coordinates are all below `levels`.
    std::span<const std::uint16_t> nearest(std::uint32_t key) const;

private:
    std::vector<int> m_index; // key → grid index, or -1
    std::vector<std::uint32_t> m_start; // key → first of its neighbours in m_lists, one past for the end
    std::vector<std::uint16_t> m_lists;
};

// The neighbour lists of IQ2_XXS, IQ2_XS, IQ2_S, IQ1_S and IQ1_M (one grid),
// IQ3_XXS and IQ3_S. Built on first use (a few hundred milliseconds for
// IQ1's 2048 points), then shared read-only by every thread.
const GridNeighbours& grid_neighbours(GgmlType type);

} // namespace hearth::quant
