#pragma once

#include "engine/model/forward_pass.h"

namespace hearth {

// Bytes a second the device reads from its main memory, measured now: a sum
// over a buffer far larger than any cache (on the GPU 4 GiB or half the free
// memory, on the CPU 1 GiB over every core). What a decode step's share of
// the limit is computed against.
double measure_read_bandwidth(ComputeDevice device, int gpu = 0);

} // namespace hearth
