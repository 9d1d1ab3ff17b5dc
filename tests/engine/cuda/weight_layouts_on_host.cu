#include "tests/engine/cuda/weight_layouts_on_host.h"

#include "engine/cuda/weight_chunks.cuh"
#include "engine/cuda/weight_rows.cuh"

namespace hearth::test {

bool rows_on_host(GgmlType type, const std::uint8_t* row, std::size_t cols, float* out)
{
    return cuda::with_row_type(type, [&](auto accessor) {
        for (std::size_t j = 0; j < cols; ++j)
            out[j] = decltype(accessor)::at(row, int(j));
    });
}

bool chunks_on_host(GgmlType type, const std::uint8_t* row, std::size_t cols, float* out)
{
    return cuda::with_chunk_type(type, [&](auto chunk) {
        for (int c = 0; c < int(cols / cuda::kChunkValues); ++c)
            for (int lane = 0; lane < 32; ++lane) {
                const cuda::LaneValues v = decltype(chunk)::load(row, c, lane);
                for (int i = 0; i < 4; ++i) {
                    out[v.first + i] = v.w[i];
                    out[v.second + i] = v.w[4 + i];
                }
            }
    });
}

} // namespace hearth::test
