#pragma once

#include <cstddef>

namespace hearth::cuda {

// Bytes a second one GPU reads from its memory: the best of several sums
// over 4 GiB (or half the free memory, if less), timed with CUDA events.
double measure_read_bandwidth(int gpu);

// Reads `bytes` (a multiple of 16) at `data` once, on the default stream.
void read_once(const void* data, std::size_t bytes, unsigned* sink, unsigned blocks);

} // namespace hearth::cuda
