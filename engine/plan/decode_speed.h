#pragma once

#include <cstdint>

#include "engine/model/model_shape.h"
#include "engine/plan/memory_plan.h"

namespace hearth {

// Decoding one token reads every weight it computes with once from memory,
// so memory bandwidth over those bytes is the fastest a device can decode;
// engines reach 60-80 % of it. Of a mixture of experts a token reads the
// chosen experts only, and of the embedding table one row.
struct DecodeSpeed {
    std::uint64_t bytes_per_token = 0; // weights a token reads
    double tokens_per_s = 0; // the ceiling at the bandwidth given; 0 when it is unknown
};

DecodeSpeed decode_speed_ceiling(const MemoryPlan& plan, const ModelShape& shape, double bandwidth_gb_s);

} // namespace hearth
