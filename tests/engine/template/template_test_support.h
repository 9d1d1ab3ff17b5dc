#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/text/chat_template.h"

namespace hearth::test {

// The time every test renders at: 2026-01-15 12:00:00 UTC, as make_golden.py
// fixes it for Python.
inline TemplateClock fixed_clock()
{
    using namespace std::chrono;
    return TemplateClock::fixed_utc(sys_days { year { 2026 } / 1 / 15 } + hours { 12 });
}

// The variables the unit tests render with unless they pass their own.
inline nlohmann::ordered_json sample_context()
{
    return nlohmann::ordered_json::parse(R"({
        "messages": [{"role": "user", "content": "hi"}],
        "d": {"a": 1, "b": [1, 2]},
        "s": "你好，世界",
        "n": null,
        "t": true,
        "f": 1.5,
        "l": [3, 1, 2]
    })");
}

inline std::string render(std::string_view source, const nlohmann::ordered_json& context = sample_context(),
    const TemplateLimits& limits = {})
{
    return ChatTemplate::parse(source).render(context, fixed_clock(), limits);
}

// The TemplateError a template gives when parsed and rendered, or "" when it
// renders.
inline std::string error_of(std::string_view source, const nlohmann::ordered_json& context = sample_context(),
    const TemplateLimits& limits = {})
{
    try {
        render(source, context, limits);
    } catch (const TemplateError& error) {
        return error.what();
    }
    return {};
}

} // namespace hearth::test
