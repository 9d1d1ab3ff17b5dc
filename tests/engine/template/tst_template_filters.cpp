// Filters and tests, with jinja2's arguments and Python's notion of each
// type. Expected output is what Jinja2 3.1.6 renders.
#include <gtest/gtest.h>

#include "tests/engine/template/template_test_support.h"

using hearth::test::render;

TEST(TemplateFilters, Text)
{
    EXPECT_EQ(render("[{{ '  x  '|trim }}][{{ 'xxaxx'|trim('x') }}][{{ '\\u3000x\\n'|trim }}]"), "[x][a][x]");
    EXPECT_EQ(render("{{ 'Hello'|upper }}{{ 'Hello'|lower }}{{ 'hELLO wORLD'|capitalize }}"), "HELLOhelloHello world");
    // The title filter starts words after spaces and - ( { [ <, unlike str.title().
    EXPECT_EQ(render("{{ \"they're bill-o'reilly (sr)\"|title }}"), "They're Bill-O'reilly (Sr)");
    EXPECT_EQ(render("{{ 'a-b-c'|replace('-', '+') }}|{{ 'aaa'|replace('a', 'b', 2) }}"), "a+b+c|bba");
    EXPECT_EQ(render("{{ 1|string }}{{ [1]|string }}{{ none|string }}{{ 'x'|safe }}"), "1[1]Nonex");
    EXPECT_EQ(render("{{ '%s-%s'|format('a', 1) }}"), "a-1");
    EXPECT_EQ(render("{{ 'ÉCOLE'|lower }}{{ 'straße'|upper }}{{ 'привет'|upper }}"), "écoleSTRASSEПРИВЕТ");
}

TEST(TemplateFilters, Indent)
{
    EXPECT_EQ(render("{{ 'a\\n\\nb'|indent }}"), "a\n\n    b"); // neither the first line nor blank lines
    EXPECT_EQ(render("{{ 'a\\nb'|indent(2, true) }}|{{ 'a\\n\\nb'|indent(2, blank=true) }}|{{ 'a\\nb'|indent('> ') }}"),
        "  a\n  b|a\n  \n  b|a\n> b");
}

TEST(TemplateFilters, Numbers)
{
    EXPECT_EQ(render("{{ '42'|int }}{{ '4.7'|int }}{{ 'x'|int }}{{ 'x'|int(7) }}{{ 3.9|int }}{{ true|int }}{{ "
                     "'0x1f'|int(0, 16) }}"),
        "424073131");
    EXPECT_EQ(render("{{ '3.5'|float }}|{{ 'x'|float }}|{{ 2|float }}|{{ ' 1e3 '|float }}"), "3.5|0.0|2.0|1000.0");
    // round halves to even on the exact binary value, as Python's round().
    EXPECT_EQ(render("{{ 3.7|round }}|{{ 2.5|round }}|{{ 3.5|round }}|{{ 2.675|round(2) }}|{{ 5|round }}"),
        "4.0|2.0|4.0|2.67|5");
    EXPECT_EQ(render("{{ 3.2|round(0, 'ceil') }}|{{ 3.8|round(0, 'floor') }}"), "4.0|3.0");
    EXPECT_EQ(render("{{ -5|abs }}{{ -2.5|abs }}"), "52.5");
}

TEST(TemplateFilters, Default)
{
    EXPECT_EQ(
        render("{{ x|default('dflt') }}|{{ ''|default('dflt') }}|{{ ''|default('dflt', true) }}|{{ none|d('n') }}"),
        "dflt||dflt|None");
    EXPECT_EQ(render("{{ 0|default(5, boolean=true) }}|{{ d.zz|default('missing') }}"), "5|missing");
}

TEST(TemplateFilters, Collections)
{
    EXPECT_EQ(render("{{ [1,2,3]|length }}{{ 'héllo'|length }}{{ d|length }}{{ x|length }}{{ [1,2]|count }}"), "35202");
    EXPECT_EQ(render("{{ l|join(',') }}|{{ l|join }}|{{ messages|join(',', attribute='role') }}"), "3,1,2|312|user");
    EXPECT_EQ(render("{{ l|first }}{{ l|last }}{{ 'abc'|first }}{{ 'abc'|last }}[{{ []|first }}]"), "32ac[]");
    EXPECT_EQ(render("{{ 'abc'|list }}{{ d|list }}{{ x|list }}"), "['a', 'b', 'c']['a', 'b'][]");
    EXPECT_EQ(render("{{ l|sort }}{{ l|sort(reverse=true) }}{{ ['b','A','c']|sort }}{{ "
                     "['b','A','c']|sort(case_sensitive=true) }}"),
        "[1, 2, 3][3, 2, 1]['A', 'b', 'c']['A', 'b', 'c']");
    EXPECT_EQ(render("{{ [{'n': 2}, {'n': 1}]|sort(attribute='n') }}"), "[{'n': 1}, {'n': 2}]");
    EXPECT_EQ(render("{{ [1,2,2,3,1]|unique|list }}{{ ['a','A','b']|unique|list }}"), "[1, 2, 3]['a', 'b']");
    EXPECT_EQ(render("{{ l|reverse|list }}{{ 'abc'|reverse }}{{ s|reverse }}"), "[2, 1, 3]cba界世，好你");
    EXPECT_EQ(render("{{ l|sum }}|{{ [1.5, 2]|sum }}|{{ l|min }}|{{ l|max }}|{{ ['b','A']|max }}|[{{ []|max }}]"),
        "6|3.5|1|3|b|[]");
    EXPECT_EQ(render("{{ {'b': 1, 'A': 2}|dictsort }}{{ {'b': 1, 'a': 2}|dictsort(by='value') }}"),
        "[('A', 2), ('b', 1)][('b', 1), ('a', 2)]");
    EXPECT_EQ(render("{{ d|items|list }}"), "[('a', 1), ('b', [1, 2])]");
}

TEST(TemplateFilters, MapSelectReject)
{
    const auto context = nlohmann::ordered_json::parse(R"({"messages": [
        {"role": "system", "content": "s"}, {"role": "user", "content": "u"}, {"role": "assistant", "content": ""}]})");
    EXPECT_EQ(render("{{ messages|map(attribute='role')|join(',') }}", context), "system,user,assistant");
    EXPECT_EQ(render("{{ messages|map(attribute='missing', default='?')|join }}", context), "???");
    EXPECT_EQ(
        render("{{ ['a','b']|map('upper')|list }}{{ ['a-b']|map('replace', '-', '+')|list }}"), "['A', 'B']['a+b']");
    EXPECT_EQ(
        render("{{ messages|selectattr('role', 'equalto', 'user')|map(attribute='content')|list }}", context), "['u']");
    EXPECT_EQ(render("{{ messages|rejectattr('role', 'eq', 'user')|map(attribute='role')|list }}", context),
        "['system', 'assistant']");
    EXPECT_EQ(render("{{ messages|selectattr('content')|list|length }}", context), "2"); // the truth of the attribute
    EXPECT_EQ(
        render("{{ [1,2,3,4]|select('odd')|list }}{{ [1,2,3,4]|reject('odd')|list }}{{ [0,1,'',2]|select|list }}"),
        "[1, 3][2, 4][1, 2]");
    EXPECT_EQ(render("{{ [1,5,10]|select('gt', 4)|list }}{{ ['a','b']|select('in', ['b'])|list }}"), "[5, 10]['b']");
}

TEST(TemplateFilters, GeneratorsAreAlwaysTrue)
{
    // select gives a generator in jinja2, and a generator is true even when it yields nothing.
    EXPECT_EQ(
        render("{% if l|select('gt', 5) %}true{% endif %}|{% if l|select('gt', 5)|list %}{% else %}empty{% endif %}"),
        "true|empty");
    EXPECT_EQ(render("{{ l|select('odd')|first }}{{ l|map('string')|join('-') }}"), "33-1-2");
}

TEST(TemplateFilters, SafeAndEscapeMakeMarkup)
{
    // Adding text to Markup escapes the text, as markupsafe does; ~ does not.
    EXPECT_EQ(render("{{ 'a'|safe + '<b>' }}|{{ '<b>' + 'a'|safe }}|{{ ('a'|safe + '\"q\"') ~ '<c>' }}"),
        "a&lt;b&gt;|&lt;b&gt;a|a&#34;q&#34;<c>");
    EXPECT_EQ(
        render(
            "{{ '<a>'|e }}|{{ '<a>'|escape }}|{{ ('<a>'|safe)|e }}|{{ '<a>'|safe is escaped }}|{{ 'x' is escaped }}"),
        "&lt;a&gt;|&lt;a&gt;|<a>|True|False");
}

TEST(TemplateFilters, Attr)
{
    EXPECT_EQ(
        render("{{ d|attr('items') is defined }}{{ d|attr('a') is defined }}"), "TrueFalse"); // attributes, never keys
}

TEST(TemplateTests, Types)
{
    EXPECT_EQ(render("{{ x is defined }}{{ x is undefined }}{{ none is none }}{{ n is none }}{{ 0 is none }}"),
        "FalseTrueTrueTrueFalse");
    // bool is a number, and an integer only in Python's isinstance, which jinja2's integer test excludes.
    EXPECT_EQ(render("{{ 1 is number }}{{ true is number }}{{ 1 is integer }}{{ true is integer }}{{ 1.0 is float }}{{ "
                     "true is boolean }}"),
        "TrueTrueTrueFalseTrueTrue");
    EXPECT_EQ(render("{{ 'a' is string }}{{ d is mapping }}{{ l is mapping }}{{ [1] is sequence }}{{ d is sequence }}"),
        "TrueTrueFalseTrueTrue");
    // A string is iterable: Llama 3.1's template tojson's a tool result string because of it.
    EXPECT_EQ(
        render("{{ 'x' is iterable }}{{ 1 is iterable }}{{ x is iterable }}{{ d is iterable }}"), "TrueFalseTrueTrue");
    EXPECT_EQ(render("{{ true is true }}{{ 1 is true }}{{ false is false }}{{ 0 is false }}"), "TrueFalseTrueFalse");
    EXPECT_EQ(render("{{ range is callable }}{{ 'x' is callable }}"), "TrueFalse");
}

TEST(TemplateTests, ValuesAndComparisons)
{
    EXPECT_EQ(
        render("{{ 3 is odd }}{{ 3 is even }}{{ 9 is divisibleby 3 }}{{ 9 is divisibleby(4) }}"), "TrueFalseTrueFalse");
    EXPECT_EQ(render("{{ 'a' is equalto 'a' }}{{ 'a' is eq 'b' }}{{ 'a' is ne 'b' }}{{ 2 is gt 1 }}{{ 2 is ge 2 }}{{ 2 "
                     "is lt 1 }}{{ 2 is le 2 }}"),
        "TrueFalseTrueTrueTrueFalseTrue");
    EXPECT_EQ(render("{{ 1 is in [1] }}{{ none is sameas none }}{{ 'abc' is lower }}{{ 'ABC' is upper }}"),
        "TrueTrueTrueTrue");
    EXPECT_EQ(render("{{ x is not defined }}{{ not x is defined }}{{ 1 is not string }}"), "TrueTrueTrue");
    EXPECT_EQ(render("{{ 'upper' is filter }}{{ 'nope' is filter }}{{ 'odd' is test }}"), "TrueFalseTrue");
}
