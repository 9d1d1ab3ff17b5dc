#include "engine/gguf/ggml_type.h"

#include <array>
#include <limits>

namespace hearth {
namespace {

struct TypeRow {
    GgmlType type;
    GgmlTypeTraits traits;
};

// Block layouts from the GGUF specification (ggml's block_* structs): e.g.
// Q4_K is 2×f16 scales + 12 bytes of sub-block scales + 128 bytes of nibbles
// for 256 weights = 144 bytes.
constexpr std::array kTypes {
    TypeRow { GgmlType::F32, { "F32", 1, 4 } },
    TypeRow { GgmlType::F16, { "F16", 1, 2 } },
    TypeRow { GgmlType::Q4_0, { "Q4_0", 32, 18 } },
    TypeRow { GgmlType::Q4_1, { "Q4_1", 32, 20 } },
    TypeRow { GgmlType::Q5_0, { "Q5_0", 32, 22 } },
    TypeRow { GgmlType::Q5_1, { "Q5_1", 32, 24 } },
    TypeRow { GgmlType::Q8_0, { "Q8_0", 32, 34 } },
    TypeRow { GgmlType::Q8_1, { "Q8_1", 32, 36 } },
    TypeRow { GgmlType::Q2_K, { "Q2_K", 256, 84 } },
    TypeRow { GgmlType::Q3_K, { "Q3_K", 256, 110 } },
    TypeRow { GgmlType::Q4_K, { "Q4_K", 256, 144 } },
    TypeRow { GgmlType::Q5_K, { "Q5_K", 256, 176 } },
    TypeRow { GgmlType::Q6_K, { "Q6_K", 256, 210 } },
    TypeRow { GgmlType::Q8_K, { "Q8_K", 256, 292 } },
    TypeRow { GgmlType::IQ2_XXS, { "IQ2_XXS", 256, 66 } },
    TypeRow { GgmlType::IQ2_XS, { "IQ2_XS", 256, 74 } },
    TypeRow { GgmlType::IQ3_XXS, { "IQ3_XXS", 256, 98 } },
    TypeRow { GgmlType::IQ1_S, { "IQ1_S", 256, 50 } },
    TypeRow { GgmlType::IQ4_NL, { "IQ4_NL", 32, 18 } },
    TypeRow { GgmlType::IQ3_S, { "IQ3_S", 256, 110 } },
    TypeRow { GgmlType::IQ2_S, { "IQ2_S", 256, 82 } },
    TypeRow { GgmlType::IQ4_XS, { "IQ4_XS", 256, 136 } },
    TypeRow { GgmlType::I8, { "I8", 1, 1 } },
    TypeRow { GgmlType::I16, { "I16", 1, 2 } },
    TypeRow { GgmlType::I32, { "I32", 1, 4 } },
    TypeRow { GgmlType::I64, { "I64", 1, 8 } },
    TypeRow { GgmlType::F64, { "F64", 1, 8 } },
    TypeRow { GgmlType::IQ1_M, { "IQ1_M", 256, 56 } },
    TypeRow { GgmlType::BF16, { "BF16", 1, 2 } },
    TypeRow { GgmlType::TQ1_0, { "TQ1_0", 256, 54 } },
    TypeRow { GgmlType::TQ2_0, { "TQ2_0", 256, 66 } },
    TypeRow { GgmlType::MXFP4, { "MXFP4", 32, 17 } },
    // Known so that files holding them parse and are refused by name; the
    // engine does not compute with them yet.
    TypeRow { GgmlType::NVFP4, { "NVFP4", 64, 36 } },
    TypeRow { GgmlType::Q1_0, { "Q1_0", 128, 18 } },
    TypeRow { GgmlType::Q2_0, { "Q2_0", 64, 18 } },
};

} // namespace

std::optional<GgmlTypeTraits> ggml_type_traits(std::uint32_t type)
{
    for (const auto& row : kTypes)
        if (static_cast<std::uint32_t>(row.type) == type)
            return row.traits;
    return std::nullopt;
}

std::optional<GgmlType> ggml_type_from_name(std::string_view name)
{
    for (const auto& row : kTypes)
        if (row.traits.name == name)
            return row.type;
    return std::nullopt;
}

std::optional<std::uint64_t> ggml_tensor_bytes(GgmlType type, std::uint64_t elements)
{
    const auto traits = ggml_type_traits(static_cast<std::uint32_t>(type));
    if (!traits || elements % traits->block_elements != 0)
        return std::nullopt;
    const std::uint64_t blocks = elements / traits->block_elements;
    if (blocks > std::numeric_limits<std::uint64_t>::max() / traits->block_bytes)
        return std::nullopt;
    return blocks * traits->block_bytes;
}

} // namespace hearth
