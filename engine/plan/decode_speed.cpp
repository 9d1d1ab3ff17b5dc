#include "engine/plan/decode_speed.h"

namespace hearth {

DecodeSpeed decode_speed_ceiling(const MemoryPlan& plan, const ModelShape& shape, double bandwidth_gb_s)
{
    const ParameterCount counted = count_parameters(shape);
    DecodeSpeed speed;
    if (counted.total() == 0)
        return speed;
    // The plan's bytes per weight, spread evenly: the read parameters' share
    // of the stored weights.
    const double read = static_cast<double>(counted.active() - counted.embedding) / counted.total();
    speed.bytes_per_token = static_cast<std::uint64_t>(read * plan.weights_bytes);
    if (bandwidth_gb_s > 0 && speed.bytes_per_token > 0)
        speed.tokens_per_s = bandwidth_gb_s * 1e9 / speed.bytes_per_token;
    return speed;
}

} // namespace hearth
