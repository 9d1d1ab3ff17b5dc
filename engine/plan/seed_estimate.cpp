#include "engine/plan/seed_estimate.h"

#include <array>
#include <cmath>
#include <utility>

namespace hearth {
namespace {

constexpr std::array<std::pair<std::string_view, double>, 5> kBytesPerParam { {
    { "fp32", 4.0 },
    { "fp16", 2.0 },
    { "bf16", 2.0 },
    { "int8", 1.0 },
    { "int4", 0.5 },
} };

} // namespace

std::string_view seed_precision_for_bits(double bits)
{
    if (bits > 24)
        return "fp32";
    if (bits > 12)
        return "fp16";
    return std::abs(bits - 8.0) <= std::abs(bits - 4.0) ? "int8" : "int4";
}

SeedEstimate seed_estimate(double parameters, std::string_view precision, std::uint32_t batch, std::uint32_t context)
{
    SeedEstimate e;
    e.precision = "fp16";
    double bytes = 2.0;
    for (const auto& [name, per_param] : kBytesPerParam)
        if (name == precision) {
            e.precision = name;
            bytes = per_param;
        }
    constexpr double gib = 1024.0 * 1024.0 * 1024.0;
    e.weights_gib = parameters * bytes / gib;
    e.kv_cache_gib = e.weights_gib * 0.15 * batch * (context / 2048.0);
    e.activations_gib = e.weights_gib * 0.1 * batch;
    e.overhead_gib = 2.0;
    e.total_gib = e.weights_gib + e.kv_cache_gib + e.activations_gib + e.overhead_gib;
    e.with_margin_gib = e.total_gib * 1.2;
    return e;
}

} // namespace hearth
