#include "engine/quant/iq_grids.h"

#include "engine/quant/iq_grid_points.h"

// The grids, expanded once, at compile time, into the byte layout the
// kernels read.
namespace hearth::quant {

namespace {

template <class Word, std::size_t Elements, std::size_t N, std::size_t Levels>
constexpr std::array<Word, N> cpu_grid(const std::uint16_t (&packed)[N], const std::uint8_t (&levels)[Levels])
{
    return grid_points::expand<std::array<Word, N>, Word, N, Elements>(packed, levels);
}

} // namespace

constexpr std::array<std::uint64_t, 256> kIq2XxsGrid
    = cpu_grid<std::uint64_t, 8>(grid_points::kIq2XxsPacked, grid_points::kIq2Levels);
constexpr std::array<std::uint64_t, 512> kIq2XsGrid
    = cpu_grid<std::uint64_t, 8>(grid_points::kIq2XsPacked, grid_points::kIq2Levels);
constexpr std::array<std::uint64_t, 1024> kIq2SGrid
    = cpu_grid<std::uint64_t, 8>(grid_points::kIq2SPacked, grid_points::kIq2Levels);
constexpr std::array<std::uint32_t, 256> kIq3XxsGrid
    = cpu_grid<std::uint32_t, 4>(grid_points::kIq3XxsPacked, grid_points::kIq3XxsLevels);
constexpr std::array<std::uint32_t, 512> kIq3SGrid
    = cpu_grid<std::uint32_t, 4>(grid_points::kIq3SPacked, grid_points::kIq3SLevels);
constexpr std::array<std::uint64_t, 2048> kIq1SGrid
    = cpu_grid<std::uint64_t, 8>(grid_points::kIq1SPacked, grid_points::kIq1Levels);

} // namespace hearth::quant
