#include "engine/text/chat_template.h"

#include <new>

#include "engine/text/template/failure.h"
#include "engine/text/template/interpreter.h"
#include "engine/text/template/parser.h"

namespace hearth {

namespace {

std::string describe(const std::optional<SourcePosition>& position, const std::string& reason)
{
    if (!position)
        return "chat template: " + reason;
    return "chat template, line " + std::to_string(position->line) + ", column " + std::to_string(position->column)
        + ": " + reason;
}

} // namespace

TemplateError::TemplateError(std::optional<SourcePosition> position, const std::string& reason)
    : std::runtime_error(describe(position, reason))
    , m_position(position)
    , m_reason(reason)
{ }

ChatTemplate ChatTemplate::parse(std::string_view source)
{
    try {
        return ChatTemplate(jinja::parse_program(source));
    } catch (const TemplateError&) {
        throw;
    } catch (const jinja::Failure& failure) {
        throw TemplateError(std::nullopt, failure.what());
    } catch (const std::bad_alloc&) {
        throw TemplateError(std::nullopt, "out of memory while parsing the template");
    } catch (const std::exception& error) {
        throw TemplateError(std::nullopt, std::string("internal error while parsing: ") + error.what());
    }
}

std::string ChatTemplate::render(
    const nlohmann::ordered_json& context, const TemplateClock& clock, const TemplateLimits& limits) const
{
    // Only TemplateError leaves: the interpreter positions its failures, and
    // anything else (memory, the JSON library) is wrapped here.
    try {
        jinja::Interpreter interpreter(*m_program, clock, limits);
        return interpreter.render(context);
    } catch (const TemplateError&) {
        throw;
    } catch (const jinja::Failure& failure) {
        throw TemplateError(std::nullopt, failure.what());
    } catch (const nlohmann::json::exception& error) {
        throw TemplateError(std::nullopt, std::string("the context cannot be read: ") + error.what());
    } catch (const std::bad_alloc&) {
        throw TemplateError(std::nullopt, "out of memory while rendering the template");
    } catch (const std::exception& error) {
        // A bug of this interpreter, not of the template: the fuzz target looks for these words.
        throw TemplateError(std::nullopt, std::string("internal error while rendering: ") + error.what());
    }
}

std::string_view ChatTemplate::chatml()
{
    // transformers' former default_chat_template, used for models that ship none.
    return "{% for message in messages %}"
           "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
           "{% endfor %}"
           "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
}

} // namespace hearth
