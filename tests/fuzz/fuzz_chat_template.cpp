// libFuzzer target: any bytes as a chat template must parse and render, or
// fail with TemplateError — never crash, overflow the stack, read out of
// bounds (ASan), hang, or allocate without bound (-rss_limit_mb). Any other
// exception escaping render() is a finding too.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/text/chat_template.h"

namespace {

// A conversation that reaches most of what real templates read.
const nlohmann::ordered_json& context()
{
    static const auto json = nlohmann::ordered_json::parse(R"({
        "messages": [
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "你好 <b>\"quoted\"</b>\n"},
            {"role": "assistant", "content": null, "tool_calls": [
                {"id": "call00001", "type": "function", "function": {"name": "f", "arguments": {"x": 1.5, "y": [true, null]}}}]},
            {"role": "tool", "tool_call_id": "call00001", "content": "{\"ok\": 1}"},
            {"role": "assistant", "content": "<think>\nhm\n</think>\n\ndone", "reasoning_content": "hm"}
        ],
        "tools": [{"type": "function", "function": {"name": "f", "description": "d",
            "parameters": {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"]}}}],
        "add_generation_prompt": true,
        "bos_token": "<s>",
        "eos_token": "</s>"
    })");
    return json;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // Tighter than the defaults so that each input stays fast and small; the
    // depth limit stays as shipped, since the stack is what it guards.
    hearth::TemplateLimits limits;
    limits.max_output_bytes = std::size_t { 1 } << 20;
    limits.max_steps = 200'000;
    const auto clock = hearth::TemplateClock::fixed_utc(std::chrono::system_clock::time_point {});
    try {
        const auto chat_template
            = hearth::ChatTemplate::parse(std::string_view(reinterpret_cast<const char*>(data), size));
        (void)chat_template.render(context(), clock, limits);
    } catch (const hearth::TemplateError& error) {
        // render() turns any other exception into an "internal error"
        // TemplateError: a bug all the same.
        if (!error.position() && error.reason().starts_with("internal error")) {
            std::fprintf(stderr, "%s\n", error.what());
            std::abort();
        }
    }
    return 0;
}
