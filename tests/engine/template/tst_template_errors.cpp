// Failures: every one is a TemplateError that names the construct and its
// line and column, including templates built to exhaust the stack, the
// memory or the time of a render.
#include <string>

#include <gtest/gtest.h>

#include "tests/engine/template/template_test_support.h"

using hearth::ChatTemplate;
using hearth::TemplateError;
using hearth::test::error_of;
using hearth::test::render;

namespace {

std::string parse_error(std::string_view source)
{
    try {
        ChatTemplate::parse(source);
    } catch (const TemplateError& error) {
        return error.what();
    }
    return {};
}

std::string repeated(std::string_view text, int times)
{
    std::string out;
    for (int i = 0; i < times; ++i)
        out += text;
    return out;
}

} // namespace

TEST(TemplateErrors, UnsupportedConstructsAreNamedWithTheirPosition)
{
    // Line 2, column 11: the filter's name, counted in characters (你 and 好 are one each).
    EXPECT_EQ(parse_error("hello\n{{ '你好' | wordwrap }}"),
        "chat template, line 2, column 11: unsupported filter 'wordwrap'");
    EXPECT_EQ(parse_error("{{ x | nosuchfilter }}"), "chat template, line 1, column 8: unknown filter 'nosuchfilter'");
    EXPECT_EQ(parse_error("{{ x is nosuchtest }}"), "chat template, line 1, column 9: unknown test 'nosuchtest'");
    EXPECT_EQ(parse_error("a\n  {% include 'other.jinja' %}"),
        "chat template, line 2, column 6: unsupported statement 'include'");
    EXPECT_EQ(parse_error("{% frobnicate %}"), "chat template, line 1, column 4: unknown statement 'frobnicate'");
    EXPECT_EQ(parse_error("{% for x in y recursive %}{% endfor %}"),
        "chat template, line 1, column 15: unsupported recursive for loop");
}

TEST(TemplateErrors, UnknownFiltersInsideAnIfFailOnlyWhenTheyRun)
{
    // jinja2 compiles them there so that a template can guard them with `is filter`.
    EXPECT_EQ(render("{% if false %}{{ x|from_json }}{% endif %}ok"), "ok");
    EXPECT_EQ(render("{% if 'from_json' is filter %}{{ x|from_json }}{% else %}no{% endif %}"), "no");
    EXPECT_EQ(render("{{ 'a' if true else x|nosuch }}"), "a");
    EXPECT_EQ(error_of("{% if true %}{{ '{}'|from_json }}{% endif %}"),
        "chat template, line 1, column 22: unknown filter 'from_json'");
    // Not inside a loop in the if: that is a frame of its own in jinja2.
    EXPECT_EQ(parse_error("{% if false %}{% for i in l %}{{ i|nosuch }}{% endfor %}{% endif %}"),
        "chat template, line 1, column 36: unknown filter 'nosuch'");
}

TEST(TemplateErrors, SyntaxErrors)
{
    EXPECT_EQ(parse_error("{% if true %}never closed"),
        "chat template, line 1, column 4: the 'if' block is never closed: expected {% endif %}");
    EXPECT_EQ(parse_error("{% endfor %}"), "chat template, line 1, column 4: unexpected 'endfor': no block is open");
    EXPECT_EQ(parse_error("{% for x in y %}{% endif %}"),
        "chat template, line 1, column 20: unexpected 'endif': the 'for' block at line 1 expects {% endfor %}");
    EXPECT_EQ(parse_error("{{ 1 + }}"), "chat template, line 1, column 8: expected an expression, got '}}'");
    EXPECT_EQ(parse_error("{{ 'open"), "chat template, line 1, column 4: the string literal is never closed");
    EXPECT_EQ(parse_error("{{ x"), "chat template, line 1, column 1: the tag is never closed: expected '}}'");
    EXPECT_EQ(parse_error("{# x"), "chat template, line 1, column 1: the comment is never closed: expected '#}'");
    EXPECT_EQ(parse_error("{{ (1 }}"), "chat template, line 1, column 7: unexpected '}', expected ')'");
    EXPECT_EQ(parse_error("{% break %}"), "chat template, line 1, column 4: 'break' outside a for loop");
    EXPECT_EQ(parse_error("{{ a ! b }}"), "chat template, line 1, column 6: unexpected character '!'");
    EXPECT_EQ(parse_error("\xff"), "chat template, line 1, column 1: the template is not valid UTF-8 (byte 0)");
}

TEST(TemplateErrors, RaiseExceptionCarriesTheTemplatesMessage)
{
    try {
        render("{% if messages[0].role != 'system' %}\n  {{ raise_exception('System role required') }}\n{% endif %}");
        FAIL() << "rendered";
    } catch (const TemplateError& error) {
        EXPECT_EQ(std::string(error.what()),
            "chat template, line 2, column 6: the template raised an error: System role required");
        EXPECT_EQ(error.reason(), "the template raised an error: System role required");
        ASSERT_TRUE(error.position());
        EXPECT_EQ(error.position()->line, 2);
    }
}

TEST(TemplateErrors, RuntimeErrorsAsPythonWordsThem)
{
    EXPECT_EQ(error_of("{{ x.y }}"), "chat template, line 1, column 4: 'x' is undefined");
    EXPECT_EQ(error_of("{{ d.zz.y }}"), "chat template, line 1, column 4: 'dict object' has no attribute 'zz'");
    EXPECT_EQ(error_of("{{ 'a' + none }}"),
        "chat template, line 1, column 4: can only concatenate str (not \"NoneType\") to str");
    EXPECT_EQ(error_of("{{ 1 / 0 }}"), "chat template, line 1, column 4: division by zero");
    EXPECT_EQ(error_of("{{ x|tojson }}"),
        "chat template, line 1, column 6: Object of type Undefined is not JSON serializable");
    EXPECT_EQ(
        error_of("{% for i in 5 %}{% endfor %}"), "chat template, line 1, column 13: 'int' object is not iterable");
    EXPECT_EQ(error_of("{% set n = 3 %}{% set n.x = 1 %}"),
        "chat template, line 1, column 19: cannot assign attribute on non-namespace object");
    EXPECT_EQ(error_of("{{ 'abc'.casefold() }}"), "chat template, line 1, column 4: unsupported method str.casefold()");
    EXPECT_EQ(error_of("{{ [1].append(2) }}"),
        "chat template, line 1, column 4: list.append() is not allowed: templates cannot change a list (use "
        "namespace() for state)");
    EXPECT_EQ(error_of("{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}"),
        "chat template, line 1, column 34: macro 'm' takes not more than 1 argument(s)");
    // map and select give generators in jinja2: no len(), no JSON.
    EXPECT_EQ(error_of("{{ l|select('odd')|length }}"),
        "chat template, line 1, column 20: object of type 'generator' has no len()");
    EXPECT_EQ(error_of("{{ l|map('string')|tojson }}"),
        "chat template, line 1, column 20: Object of type generator is not JSON serializable");
    EXPECT_EQ(error_of("{{ 10 ** 20 }}"),
        "chat template, line 1, column 4: integer overflow: Python's integers have no limit, this interpreter's have "
        "64 bits");
}

TEST(TemplateErrors, ContextThatATemplateCannotUse)
{
    EXPECT_EQ(
        error_of("x", nlohmann::ordered_json::array()), "chat template: the context must be a JSON object, not array");
    const auto bad = nlohmann::ordered_json { { "text", std::string("\xc3") } };
    EXPECT_EQ(error_of("{{ text }}", bad),
        "chat template: the context variable 'text': a string in the context is not valid UTF-8 (byte 0)");
    // Deeper than a C++ stack could walk: refused at 256 levels. (Moved, not
    // copied: nlohmann::json copies recursively.)
    auto context = nlohmann::ordered_json::object();
    context["deep"] = nlohmann::ordered_json::parse(repeated("[", 100'000) + repeated("]", 100'000));
    EXPECT_EQ(
        error_of("x", context), "chat template: the context variable 'deep': the context nests deeper than 256 levels");
}

TEST(TemplateErrors, DeepNestingFailsCleanly)
{
    // Column 68: the 65th parenthesis.
    EXPECT_EQ(parse_error("{{ " + repeated("(", 100'000) + "1" + repeated(")", 100'000) + " }}"),
        "chat template, line 1, column 68: the expression nests deeper than 64 levels");
    // Column 264: the 66th 'not', where the 65th would start its operand.
    EXPECT_EQ(parse_error("{{ " + repeated("not ", 100'000) + "x }}"),
        "chat template, line 1, column 264: the expression nests deeper than 64 levels");
    EXPECT_EQ(parse_error("{{ 1" + repeated(" + 1", 100'000) + " }}"),
        "chat template, line 1, column 4: the expression is too deeply nested (more than 128 levels of operators): "
        "split it with {% set %}");
    // Column 836: the 'if' of the 65th block (13 characters each).
    EXPECT_EQ(parse_error(repeated("{% if true %}", 10'000)),
        "chat template, line 1, column 836: blocks nest deeper than 64 levels");
    // Column 641: the 128th |trim.
    EXPECT_EQ(parse_error("{{ x" + repeated("|trim", 100'000) + " }}"),
        "chat template, line 1, column 641: the expression is too deeply nested (more than 128 levels of operators): "
        "split it with {% set %}");
    // Values built to nest without end stop too: printing and freeing them recurse.
    EXPECT_EQ(error_of("{% set ns = namespace(v=1) %}{% for i in range(1000) %}{% set ns.v = [ns.v] %}{% endfor %}"),
        "chat template, line 1, column 70: lists and dicts nest deeper than 256 levels"); // the [ns.v]
}

TEST(TemplateErrors, RecursionWithoutEndFailsCleanly)
{
    EXPECT_EQ(error_of("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"),
        "chat template, line 1, column 20: the template nests too deeply (over 400 levels of blocks, expressions and "
        "macro calls): a macro may call itself without end");
}

TEST(TemplateErrors, HugeOutputFailsCleanly)
{
    // 'x' * 10**8 would be 100 MB, past the 64 MiB limit: refused before it is made.
    EXPECT_EQ(error_of("{{ 'x' * 100000000 }}"),
        "chat template, line 1, column 4: the template makes more text than the limit of 67108864 bytes");
    // 100 MB written a megabyte at a time: the output stops at 64 MiB.
    EXPECT_EQ(error_of("{% for i in range(100) %}{{ 'x' * 1000000 }}{% endfor %}"),
        "chat template, line 1, column 26: the template makes more text than the limit of 67108864 bytes");
    // Doubling a string in a loop: the text made runs out the step budget on the way to 64 MiB.
    EXPECT_NE(
        error_of("{% set ns = namespace(s='xx') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}")
            .find("the template does too much work"),
        std::string::npos);
    hearth::TemplateLimits small;
    small.max_output_bytes = 1000;
    EXPECT_EQ(error_of("{% for i in range(2000) %}x{% endfor %}", hearth::test::sample_context(), small),
        "chat template, line 1, column 27: the template makes more text than the limit of 1000 bytes");
}

TEST(TemplateErrors, EndlessWorkFailsCleanly)
{
    // Ten billion turns with no output: the step budget ends it, not the clock.
    EXPECT_EQ(error_of("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"),
        "chat template, line 1, column 41: the template does too much work (over 20000000 steps): it loops over too "
        "much or "
        "builds too much text");
    // jinja2's sandbox refuses large ranges outright.
    EXPECT_EQ(error_of("{% for i in range(1000000000) %}{% endfor %}"),
        "chat template, line 1, column 13: Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
    hearth::TemplateLimits small;
    small.max_steps = 10'000;
    EXPECT_NE(error_of("{% for i in range(100) %}{% for j in range(100) %}{{ j }}{% endfor %}{% endfor %}",
                  hearth::test::sample_context(), small)
                  .find("too much work"),
        std::string::npos);
}

TEST(TemplateErrors, OnlyTemplateErrorLeavesRender)
{
    // A template that touches every kind of failure: each is a TemplateError.
    for (const char* source : { "{{ x.y }}", "{{ 1 // 0 }}", "{{ [1][::0] }}", "{{ '%d' % 'x' }}",
             "{{ range(1, 2, 0) }}", "{{ 'a'.split('') }}", "{{ {[1]: 2} }}", "{{ '{}'.format() }}",
             "{{ strftime_now(1) }}", "{{ x() }}", "{{ namespace(1) }}", "{{ 2.0 ** 10000 }}", "{{ (-8) ** 0.5 }}" }) {
        EXPECT_THROW(render(source), TemplateError) << source;
    }
}
