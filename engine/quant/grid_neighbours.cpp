#include "engine/quant/grid_neighbours.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "engine/quant/iq_grid_points.h"
#include "engine/quant/unsupported_type.h"

namespace hearth::quant {

GridNeighbours::GridNeighbours(std::span<const std::uint16_t> points, int elements, int bits, int levels, int wanted)
    : m_index(std::size_t(1) << (elements * bits), -1)
    , m_start(m_index.size() + 1, 0)
{
    for (std::size_t i = 0; i < points.size(); ++i)
        m_index[points[i]] = static_cast<int>(i);
    const std::uint32_t mask = (1u << bits) - 1;
    auto coordinates_in_range = [&](std::uint32_t key) {
        for (int k = 0; k < elements; ++k) {
            if (static_cast<int>((key >> (bits * k)) & mask) >= levels)
                return false;
        }
        return true;
    };
    std::vector<std::pair<int, int>> by_distance(points.size()); // (squared distance, grid index)
    for (std::uint32_t key = 0; key < m_index.size(); ++key) {
        m_start[key] = static_cast<std::uint32_t>(m_lists.size());
        if (m_index[key] >= 0 || !coordinates_in_range(key))
            continue;
        for (std::size_t j = 0; j < points.size(); ++j) {
            int d2 = 0;
            for (int k = 0; k < elements; ++k) {
                const int diff
                    = static_cast<int>((key >> (bits * k)) & mask) - static_cast<int>((points[j] >> (bits * k)) & mask);
                d2 += diff * diff;
            }
            by_distance[j] = { d2, static_cast<int>(j) };
        }
        std::sort(by_distance.begin(), by_distance.end());
        int distances = 1;
        for (std::size_t j = 0; j < by_distance.size(); ++j) {
            if (j > 0 && by_distance[j].first > by_distance[j - 1].first && ++distances > wanted)
                break;
            m_lists.push_back(static_cast<std::uint16_t>(by_distance[j].second));
        }
    }
    m_start.back() = static_cast<std::uint32_t>(m_lists.size());
}

std::span<const std::uint16_t> GridNeighbours::nearest(std::uint32_t key) const
{
    assert(m_index[key] < 0);
    return { m_lists.data() + m_start[key], m_lists.data() + m_start[key + 1] };
}

const GridNeighbours& grid_neighbours(GgmlType type)
{
    using namespace grid_points;
    // How many distances each type's quantizer tries is llama.cpp's choice:
    // three for IQ1's coarse grid, one for IQ2_S's dense one.
    switch (type) {
    case GgmlType::IQ2_XXS: {
        static const GridNeighbours table(kIq2XxsPacked, 8, 2, 3, 2);
        return table;
    }
    case GgmlType::IQ2_XS: {
        static const GridNeighbours table(kIq2XsPacked, 8, 2, 3, 2);
        return table;
    }
    case GgmlType::IQ2_S: {
        static const GridNeighbours table(kIq2SPacked, 8, 2, 3, 1);
        return table;
    }
    case GgmlType::IQ1_S:
    case GgmlType::IQ1_M: {
        static const GridNeighbours table(kIq1SPacked, 8, 2, 3, 3);
        return table;
    }
    case GgmlType::IQ3_XXS: {
        static const GridNeighbours table(kIq3XxsPacked, 4, 3, 8, 2);
        return table;
    }
    case GgmlType::IQ3_S: {
        static const GridNeighbours table(kIq3SPacked, 4, 3, 8, 3);
        return table;
    }
    default:
        unsupported_type("grid_neighbours", type);
    }
}

} // namespace hearth::quant
