// Whitespace, as jinja2's lexer handles it with transformers' trim_blocks and
// lstrip_blocks: the newline after a block tag goes, the indentation before a
// block tag on its own line goes, '-' strips all whitespace on its side and
// '+' keeps it. Expected output is what Jinja2 3.1.6 renders.
#include <gtest/gtest.h>

#include "tests/engine/template/template_test_support.h"

using hearth::test::render;

TEST(TemplateWhitespace, TrimBlocksRemovesTheNewlineAfterABlockTag)
{
    EXPECT_EQ(render("a\n{% if true %}\nb\n{% endif %}\nc"), "a\nb\nc");
    EXPECT_EQ(render("{% for i in [1,2] %}\n  {{ i }}\n{% endfor %}\ndone"), "  1\n  2\ndone");
    // Only after block tags and comments, not after {{ }}.
    EXPECT_EQ(render("{{ 'x' }}\n{{ 'y' }}"), "x\ny");
    EXPECT_EQ(render("{% if true %}   \nx{% endif %}"), "   \nx"); // only a newline right after the tag
}

TEST(TemplateWhitespace, LstripBlocksRemovesIndentationBeforeABlockTag)
{
    EXPECT_EQ(render("a\n    {% if true %}\n    b\n    {% endif %}\nc"), "a\n    b\nc");
    EXPECT_EQ(render("a\n\t {% if true %}b{% endif %}"), "a\nb");
    EXPECT_EQ(render("a\n\u3000{% if true %}b{% endif %}"), "a\nb"); // Python's whitespace, not only ASCII
    // Not when text precedes the tag on its line, and not before {{ }}.
    EXPECT_EQ(render("a {% if true %}b{% endif %}"), "a b");
    EXPECT_EQ(render("  {{ 'x' }}"), "  x");
    EXPECT_EQ(render("  {% set a = 1 %}  {% set b = 2 %}\n{{ a }}{{ b }}"), "  12");
}

TEST(TemplateWhitespace, MinusStripsAndPlusKeeps)
{
    EXPECT_EQ(render("a\n  {%- if true %}  b  {% endif -%}  \n  c"), "a  b  c");
    EXPECT_EQ(render("  {{ 'x' }}  \n  {{- 'y' -}}  \n z"), "  xyz");
    EXPECT_EQ(render("{%- for i in [1,2] -%}\n  {{ i }}\n{%- endfor -%}\ndone"), "12done");
    EXPECT_EQ(render("a  {%+ if true %}b{% endif %}\nc"), "a  bc"); // '+' keeps the spaces before it only
    EXPECT_EQ(render("a\n  {% if true +%}\nb{% endif %}"), "a\n\nb"); // +%} keeps the newline
}

TEST(TemplateWhitespace, Comments)
{
    EXPECT_EQ(render("  {# comment #}\nx"), "x");
    EXPECT_EQ(render("a {# comment #} b\n{#- c -#}  \n d"), "a  bd");
    EXPECT_EQ(render("{#- leading comment -#}\n\nhello"), "hello");
}

TEST(TemplateWhitespace, NewlinesAreNormalizedAndOneTrailingNewlineDropped)
{
    EXPECT_EQ(render("text\n"), "text");
    EXPECT_EQ(render("text\n\n"), "text\n");
    EXPECT_EQ(render("crlf\r\nline\r\n{% if true %}\r\nx{% endif %}"), "crlf\nline\nx");
    EXPECT_EQ(render("{{ 'a\r\nb' }}"), "a\nb"); // inside string literals too
}

TEST(TemplateWhitespace, BracesInsideTagsAreNotTagEnds)
{
    EXPECT_EQ(render("{{ {'a': {'b': 1}} }}"), "{'a': {'b': 1}}");
    EXPECT_EQ(render("{{ '{{' }}{{ '}}' }}{{ '{%' }}"), "{{}}{%");
}
