#include "engine/plan/quant_level.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace hearth {
namespace {

constexpr std::array kLevels {
    QuantLevel { "F32", 32.0 },
    QuantLevel { "F16", 16.0 },
    QuantLevel { "BF16", 16.0 },
    QuantLevel { "Q8_0", 8.50 },
    QuantLevel { "Q6_K", 6.57 },
    QuantLevel { "Q5_K_M", 5.71 },
    QuantLevel { "Q5_K_S", 5.58 },
    QuantLevel { "Q5_0", 5.57 },
    QuantLevel { "Q4_K_M", 4.90 },
    QuantLevel { "Q4_K_S", 4.67 },
    QuantLevel { "Q4_0", 4.64 },
    QuantLevel { "IQ4_XS", 4.43 },
    QuantLevel { "Q3_K_M", 4.00 },
    QuantLevel { "Q3_K_S", 3.66 },
    QuantLevel { "Q2_K", 3.17 },
};

bool same_name(std::string_view a, std::string_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
    });
}

} // namespace

std::span<const QuantLevel> quant_levels()
{
    return kLevels;
}

std::optional<QuantLevel> find_quant_level(std::string_view name)
{
    for (const auto& level : kLevels)
        if (same_name(level.name, name))
            return level;
    return std::nullopt;
}

double kv_bytes_per_element(KvType type)
{
    return type == KvType::F16 ? 2.0 : 34.0 / 32.0;
}

std::string_view kv_type_name(KvType type)
{
    return type == KvType::F16 ? "f16" : "q8_0";
}

std::optional<KvType> kv_type_from_name(std::string_view name)
{
    if (same_name(name, "f16"))
        return KvType::F16;
    if (same_name(name, "q8_0"))
        return KvType::Q8_0;
    return std::nullopt;
}

} // namespace hearth
