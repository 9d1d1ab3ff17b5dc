// Expressions: literals, operators with jinja2's precedence, attribute and
// item access, slicing by character, comparisons, the inline if, calls of
// string and dict methods. Expected output is what Jinja2 3.1.6 renders.
#include <gtest/gtest.h>

#include "tests/engine/template/template_test_support.h"

using hearth::test::render;

TEST(TemplateExpressions, Literals)
{
    EXPECT_EQ(render("{{ 'single' }}{{ \"double\" }}{{ 'a' 'b' \"c\" }}"), "singledoubleabc"); // adjacent strings join
    EXPECT_EQ(render("{{ 'tab\\there' }}|{{ 'quote\\'s' }}|{{ '\\u4f60\\x41\\101' }}|{{ '\\d' }}"),
        "tab\there|quote's|你AA|\\d");
    EXPECT_EQ(render("{{ 42 }} {{ 1_000 }} {{ 0x10 }} {{ 0o17 }} {{ 0b101 }} {{ 1.5e3 }} {{ 2.50 }}"),
        "42 1000 16 15 5 1500.0 2.5");
    EXPECT_EQ(render("{{ true }}{{ True }}{{ false }}{{ none }}{{ None }}"), "TrueTrueFalseNoneNone");
    EXPECT_EQ(render("{{ [1, 'a', [2]] }}{{ {'k': 'v'} }}{{ (1,) }}{{ (1, 2) }}{{ () }}"),
        "[1, 'a', [2]]{'k': 'v'}(1,)(1, 2)()");
}

TEST(TemplateExpressions, Arithmetic)
{
    EXPECT_EQ(render("{{ 1 + 2 }}|{{ 7 - 10 }}|{{ 3 * 4 }}|{{ 7 / 2 }}|{{ 4 / 2 }}"),
        "3|-3|12|3.5|2.0"); // / always gives a float
    // // and % floor toward minus infinity, as in Python.
    EXPECT_EQ(render("{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 5 % -3 }}|{{ 7.5 // 2 }}|{{ -7.5 % 2 }}"),
        "3|-4|1|2|-1|3.0|0.5");
    // ** is left-associative in jinja2, and unary minus binds tighter than it.
    EXPECT_EQ(render("{{ 2 ** 10 }}|{{ 2 ** -1 }}|{{ 2 ** 3 ** 2 }}|{{ -2 ** 2 }}"), "1024|0.5|64|4");
    EXPECT_EQ(render("{{ 1 + 2 * 3 }}|{{ (1 + 2) * 3 }}|{{ 1.5 + 1 }}|{{ true + 1 }}"), "7|9|2.5|2");
    EXPECT_EQ(render("{{ 'ab' * 2 }}{{ [1] * 3 }}{{ 2 * 'x' }}{{ [1] + [2] }}{{ (1,) + (2,) }}{{ 'a' + 'b' }}"),
        "abab[1, 1, 1]xx[1, 2](1, 2)ab");
    EXPECT_EQ(render("{{ 'a' ~ 1 ~ none ~ true ~ [1] ~ undefined_name }}"), "a1NoneTrue[1]"); // ~ makes strings
}

TEST(TemplateExpressions, LogicAndComparisons)
{
    EXPECT_EQ(render("{{ not true }}{{ not none }}{{ true and 'x' }}{{ 0 or 'y' }}{{ '' or [] }}{{ 1 and 0 }}"),
        "FalseTruexy[]0"); // and/or give an operand, not a bool
    EXPECT_EQ(render("{{ 1 < 2 < 3 }}{{ 1 < 3 < 2 }}{{ 1 == 1.0 }}{{ true == 1 }}{{ 2 >= 2 }}{{ 'a' != 'b' }}"),
        "TrueFalseTrueTrueTrueTrue");
    EXPECT_EQ(
        render("{{ 'a' < 'b' }}{{ [1, 2] < [1, 3] }}{{ (1, 2) == [1, 2] }}{{ {'a': 1, 'b': 2} == {'b': 2, 'a': 1} }}"),
        "TrueTrueFalseTrue");
    EXPECT_EQ(
        render("{{ 'a' in 'abc' }}{{ 'z' not in 'abc' }}{{ 1 in [1, 2] }}{{ 'a' in d }}{{ 'x' in undefined_name }}"),
        "TrueTrueTrueTrueFalse");
    EXPECT_EQ(render("{{ undefined_name == undefined_other }}{{ undefined_name == none }}"), "TrueFalse");
}

TEST(TemplateExpressions, Conditional)
{
    EXPECT_EQ(render("{{ 'a' if true else 'b' }}{{ 'a' if false else 'b' }}"), "ab");
    // Without else, a false condition gives undefined.
    EXPECT_EQ(render("[{{ 'a' if false }}]{{ ('a' if false) is defined }}"), "[]False");
    EXPECT_EQ(render("{{ 1 if false else 2 if false else 3 }}"), "3");
}

TEST(TemplateExpressions, AttributesAndItems)
{
    EXPECT_EQ(
        render("{{ d.a }}|{{ d['b'] }}|{{ d.b[0] }}|{{ d.b.1 }}|{{ messages[0].role }}|{{ messages[-1]['content'] }}"),
        "1|[1, 2]|1|2|user|hi");
    // Missing keys and indices are undefined, which prints as nothing.
    EXPECT_EQ(render("[{{ d.zz }}{{ d['zz'] }}{{ l[10] }}{{ 'abc'[5] }}{{ n[0] }}]"), "[]");
    EXPECT_EQ(render("{{ d.zz is defined }}{{ d.a is defined }}"), "FalseTrue");
    // a.b finds a dict's method before its key of the same name; a['b'] finds the key.
    const auto context = nlohmann::ordered_json::parse(R"({"schema": {"items": "the key"}})");
    EXPECT_EQ(render("{{ schema['items'] }}|{{ schema.items is defined }}", context), "the key|True");
}

TEST(TemplateExpressions, SlicesCountCharactersNotBytes)
{
    EXPECT_EQ(render("{{ [1,2,3][1:] }}{{ [1,2,3][::-1] }}{{ [1,2,3,4][1:3] }}{{ [1,2,3][-2:] }}{{ [1,2,3][:10] }}"),
        "[2, 3][3, 2, 1][2, 3][2, 3][1, 2, 3]");
    EXPECT_EQ(
        render("{{ 'hello'[1:3] }}|{{ 'hello'[::2] }}|{{ 'hello'[::-1] }}|{{ 'hello'[-3:] }}"), "el|hlo|olleh|llo");
    // s is "你好，世界": five characters, fifteen bytes.
    EXPECT_EQ(render("{{ s[1:3] }}|{{ s[::-1] }}|{{ s[-2:] }}|{{ s[1] }}|{{ s[::2] }}|{{ s|length }}"),
        "好，|界世，好你|世界|好|你，界|5");
    EXPECT_EQ(render("{{ (1, 2, 3)[1:] }}"), "(2, 3)");
}

TEST(TemplateExpressions, StringMethods)
{
    EXPECT_EQ(render("{{ '  x  '.strip() }}|{{ '\\n\\nx\\n'.lstrip('\\n') }}|{{ 'x\\n\\n'.rstrip('\\n') }}|{{ "
                     "'abcxa'.strip('ax') }}"),
        "x|x\n|x|bc");
    EXPECT_EQ(render("{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith('bc') }}{{ 'abc'.startswith(('x', 'a')) }}"),
        "TrueTrueTrue");
    EXPECT_EQ(render("{{ 'a b  c'.split() }}{{ 'a,b,,c'.split(',') }}{{ '  a  b  '.split(none, 1) }}{{ "
                     "'a,b,c'.rsplit(',', 1) }}"),
        "['a', 'b', 'c']['a', 'b', '', 'c']['a', 'b  ']['a,b', 'c']");
    EXPECT_EQ(render("{{ 'x</think>y</think>z'.split('</think>')[-1] }}"), "z");
    EXPECT_EQ(
        render("{{ 'Hello'.upper() }}{{ 'Hello'.lower() }}{{ \"they're bill's\".title() }}{{ 'hELLO'.capitalize() }}"),
        "HELLOhelloThey'Re Bill'SHello");
    EXPECT_EQ(render("{{ 'a-b-c'.replace('-', '+') }}|{{ 'a-b-c'.replace('-', '+', 1) }}|{{ 'abc'.replace('', '-') }}"),
        "a+b+c|a+b-c|-a-b-c-");
    EXPECT_EQ(
        render("{{ ', '.join(['a', 'b']) }}|{{ 'héllo'.find('l') }}|{{ 'hello'.rfind('l') }}|{{ 'hello'.count('l') }}"),
        "a, b|2|3|2");
    EXPECT_EQ(render("{{ 'a\\nb\\r\\nc'.splitlines() }}"), "['a', 'b', 'c']");
    EXPECT_EQ(
        render("{{ 'x{}y{}'.format(1, 'a') }}|{{ '{0}{1}{0}'.format('a', 'b') }}|{{ '{name}!'.format(name='n') }}"),
        "x1ya|aba|n!");
    EXPECT_EQ(
        render(
            "{{ '{:>5}|{:<5}|{:^5}'.format('a', 'b', 'c') }}|{{ '{:.2f}'.format(3.14159) }}|{{ '{!r}'.format('q') }}"),
        "    a|b    |  c  |3.14|'q'");
}

TEST(TemplateExpressions, PercentFormatting)
{
    EXPECT_EQ(render("{{ '%s is %d' % ('x', 3) }}|{{ '%05.1f' % 3.14159 }}|{{ '%-5s|' % 'ab' }}|{{ '%(a)s' % d }}|{{ "
                     "'%r' % 'q' }}"),
        "x is 3|003.1|ab   ||1|'q'");
}

TEST(TemplateExpressions, DictMethods)
{
    EXPECT_EQ(
        render("{{ d.get('a') }}|{{ d.get('zz') }}|{{ d.get('zz', 5) }}|{{ d.keys()|list }}|{{ d.values()|list }}"),
        "1|None|5|['a', 'b']|[1, [1, 2]]");
    EXPECT_EQ(render("{{ d.items()|list }}"), "[('a', 1), ('b', [1, 2])]");
    // The views print as Python prints them.
    EXPECT_EQ(render("{{ d.items() }}|{{ d.keys() }}|{{ d.values() }}|{{ d.keys()|length }}"),
        "dict_items([('a', 1), ('b', [1, 2])])|dict_keys(['a', 'b'])|dict_values([1, [1, 2]])|2");
}

TEST(TemplateExpressions, Globals)
{
    EXPECT_EQ(render("{{ range(3)|list }}{{ range(1, 10, 3)|list }}{{ range(5, 0, -2)|list }}"),
        "[0, 1, 2][1, 4, 7][5, 3, 1]");
    EXPECT_EQ(render("{{ range(3) }}|{{ range(1, 10, 3) }}|{{ range(4)[1] }}|{{ range(4)|length }}"),
        "range(0, 3)|range(1, 10, 3)|1|4");
    EXPECT_EQ(render("{{ dict(a=1, b='x') }}"), "{'a': 1, 'b': 'x'}");
    // strftime_now formats the clock the caller passes, in the C locale.
    EXPECT_EQ(render("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M:%S %A %B %j') }}"),
        "15 Jan 2026|2026-01-15 12:00:00 Thursday January 015");
    EXPECT_EQ(render("[{{ strftime_now('%Z%z') }}]"), "[]"); // Python's naive datetime has no zone
    EXPECT_EQ(render("{{ raise_exception is defined }}{{ strftime_now is callable }}"), "TrueTrue");
}
