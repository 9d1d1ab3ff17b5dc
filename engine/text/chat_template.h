#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hearth {

namespace jinja {
struct Program;
}

// Where a construct starts in a template's source: 1-based line, and 1-based
// column counted in characters (a Chinese character is one column).
struct SourcePosition {
    int line = 0;
    int column = 0;
};

// A chat template that cannot be parsed or rendered. what() says where and
// what: "chat template, line 3, column 15: unsupported filter 'wordwrap'".
// A message the template raised itself (raise_exception) is kept whole in
// reason(), so that it can be shown to the user.
class TemplateError : public std::runtime_error {
public:
    TemplateError(std::optional<SourcePosition> position, const std::string& reason);

    std::optional<SourcePosition> position() const { return m_position; }
    const std::string& reason() const { return m_reason; }

private:
    std::optional<SourcePosition> m_position;
    std::string m_reason;
};

// The time that strftime_now() formats. transformers formats the machine's
// local time; tests pass a fixed time in UTC so that the output is reproducible.
struct TemplateClock {
    std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
    bool utc = false; // format in UTC rather than in the local time zone

    static TemplateClock fixed_utc(std::chrono::system_clock::time_point time) { return { time, true }; }
};

// Bounds on the work of one render. A template is data from a downloaded file:
// these turn a hostile or broken one into a TemplateError, never a hang or an
// exhausted memory. Real templates stay far below them: Qwen3's with 200
// messages of 1 KB takes 85 000 steps and nests 12 deep (measured).
struct TemplateLimits {
    // The output, and any one string made on the way.
    std::size_t max_output_bytes = std::size_t { 64 } << 20;
    // Expressions, statements, loop turns, comparisons, text and list items
    // made: at most about a second of work (measured with templates built to
    // waste it), and 320 MB of text and 240 MB of items made in all.
    std::uint64_t max_steps = 20'000'000;
    // Nested evaluation: blocks, expressions and macro calls. 400 levels take
    // at most 256 KiB of stack (measured, release build; 2 MiB with
    // AddressSanitizer), within any thread's stack.
    int max_depth = 400;
};

// A Hugging Face chat template (the Jinja2 subset that real templates use),
// rendered exactly as transformers' apply_chat_template renders it: the
// sandboxed Jinja2 environment with trim_blocks, lstrip_blocks and loop
// controls, plus tojson, raise_exception and strftime_now.
class ChatTemplate {
public:
    // Throws TemplateError for syntax errors and for statements, filters and
    // tests this interpreter does not support.
    static ChatTemplate parse(std::string_view source);

    // `context` holds messages, tools, add_generation_prompt, bos_token,
    // eos_token and any other variable the template reads. Throws
    // TemplateError and nothing else: raise_exception, type errors, unknown
    // methods, and work past `limits`. The parsed template is immutable, so
    // one ChatTemplate may render on several threads at once.
    std::string render(const nlohmann::ordered_json& context, const TemplateClock& clock = {},
        const TemplateLimits& limits = {}) const;

    // ChatML, the template transformers used by default for models without one:
    // <|im_start|>role\ncontent<|im_end|>\n per message, then
    // <|im_start|>assistant\n when add_generation_prompt is true.
    static std::string_view chatml();

private:
    explicit ChatTemplate(std::shared_ptr<const jinja::Program> program)
        : m_program(std::move(program))
    { }

    std::shared_ptr<const jinja::Program> m_program;
};

} // namespace hearth
