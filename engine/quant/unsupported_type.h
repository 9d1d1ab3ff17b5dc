#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/gguf/ggml_type.h"

namespace hearth::quant {

// The row functions' callers check is_supported_weight_type() when a model is
// loaded, so reaching this is a bug in the engine; stopping beats computing
// with garbage, and the hot path stays free of exceptions.
[[noreturn]] inline void unsupported_type(const char* function, GgmlType type)
{
    const auto traits = ggml_type_traits(static_cast<std::uint32_t>(type));
    std::fprintf(stderr, "hearth: quant::%s called with type %s, which it does not handle\n", function,
        traits ? std::string(traits->name).c_str() : "(unknown)");
    std::abort();
}

} // namespace hearth::quant
