// Statements: if, for and its loop variable, set, namespace, macro, filter
// blocks and generation. Expected output is what Jinja2 3.1.6 renders (each
// was checked with it); comments say why where it is not obvious.
#include <gtest/gtest.h>

#include "tests/engine/template/template_test_support.h"

using hearth::test::render;

TEST(TemplateStatements, IfElifElse)
{
    EXPECT_EQ(render("{% if 1 %}a{% elif 2 %}b{% else %}c{% endif %}"), "a");
    EXPECT_EQ(render("{% if 0 %}a{% elif 2 %}b{% else %}c{% endif %}"), "b");
    EXPECT_EQ(render("{% if 0 %}a{% elif '' %}b{% else %}c{% endif %}"), "c");
    // Python truthiness: empty containers and none are false.
    EXPECT_EQ(render("{% if [] or {} or none or 0.0 %}t{% else %}f{% endif %}"), "f");
}

TEST(TemplateStatements, ForOverListsStringsAndDicts)
{
    EXPECT_EQ(render("{% for x in l %}{{ x }}{% endfor %}"), "312");
    EXPECT_EQ(render("{% for c in 'héllo' %}[{{ c }}]{% endfor %}"), "[h][é][l][l][o]");
    EXPECT_EQ(render("{% for k in d %}{{ k }}{% endfor %}"), "ab"); // a dict iterates its keys, in order
    EXPECT_EQ(render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}"), "a=1;b=[1, 2];");
    EXPECT_EQ(render("{% for k, v in d|items %}{{ k }}={{ v }};{% endfor %}"), "a=1;b=[1, 2];");
    EXPECT_EQ(render("{% for a, b in [[1, 2], [3, 4]] %}{{ a }}{{ b }}{% endfor %}"), "1234");
    EXPECT_EQ(render("{% for x in undefined_list %}x{% endfor %}"), ""); // undefined iterates as empty
}

TEST(TemplateStatements, LoopVariable)
{
    EXPECT_EQ(render("{% for x in [1,2,3] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 "
                     "}}|{% endfor %}"),
        "1032|2121|3210|");
    EXPECT_EQ(render("{% for x in [1,2,3] %}{{ loop.first }}{{ loop.last }}{{ loop.length }}|{% endfor %}"),
        "TrueFalse3|FalseFalse3|FalseTrue3|");
    // previtem and nextitem are undefined (print as nothing) at the ends.
    EXPECT_EQ(render("{% for x in [1,2,3] %}{{ loop.previtem }}-{{ loop.nextitem }}|{% endfor %}"), "-2|1-3|2-|");
    EXPECT_EQ(render("{% for x in [1,2,3] %}{{ loop.cycle('a', 'b') }}{% endfor %}"), "aba");
    EXPECT_EQ(render("{% for x in [1] %}{% for y in [1,2] %}{{ loop.index }}{% endfor %}{{ loop.index }}{% endfor %}"),
        "121");
}

TEST(TemplateStatements, ForWithFilterElseBreakContinue)
{
    // The condition filters before the loop counts: length and index see only the kept items.
    EXPECT_EQ(render("{% for x in [1,2,3,4] if x is even %}{{ x }}:{{ loop.index }}/{{ loop.length }} {% endfor %}"),
        "2:1/2 4:2/2 ");
    EXPECT_EQ(render("{% for x in [] %}a{% else %}empty{% endfor %}"), "empty");
    EXPECT_EQ(render("{% for x in [1] if false %}a{% else %}none passed{% endfor %}"), "none passed");
    EXPECT_EQ(render("{% for x in [1,2,3,4,5] %}{% if x == 2 %}{% continue %}{% endif %}"
                     "{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"),
        "13");
}

TEST(TemplateStatements, SetInsideALoopDoesNotLeakOut)
{
    // Each turn has its own scope: it sees the outer x until it sets its own,
    // and the outer x is unchanged afterwards.
    EXPECT_EQ(render("{% set x = 1 %}{% for i in [1,2] %}{{ x }}{% set x = 2 %}{{ x }}{% endfor %}{{ x }}"), "12121");
    // Not even into the next turn.
    EXPECT_EQ(
        render("{% for i in [1,2,3] %}{% if loop.first %}{% set x = 5 %}{% endif %}[{{ x }}]{% endfor %}"), "[5][][]");
    // An if has no scope of its own.
    EXPECT_EQ(render("{% if true %}{% set x = 'in if' %}{% endif %}{{ x }}"), "in if");
}

TEST(TemplateStatements, SetForms)
{
    EXPECT_EQ(render("{% set a, b = [1, 2] %}{{ a }}{{ b }}"), "12");
    EXPECT_EQ(render("{% set t = 1, 2 %}{{ t }}"), "(1, 2)");
    EXPECT_EQ(render("{% set x %}  block {{ 1 }} {% endset %}[{{ x }}]"), "[  block 1 ]");
    EXPECT_EQ(render("{% set x | upper | trim %} abc {% endset %}[{{ x }}]"), "[ABC]");
    EXPECT_EQ(render("{% set messages = messages + [{'role': 'x'}] %}{{ messages|length }}"), "2");
}

TEST(TemplateStatements, NamespaceCarriesStateOutOfLoops)
{
    EXPECT_EQ(render("{% set ns = namespace(total=0) %}{% for i in [1,2,3] %}{% set ns.total = ns.total + i %}"
                     "{% endfor %}{{ ns.total }}"),
        "6");
    EXPECT_EQ(
        render("{% set ns = namespace() %}{% set ns.x = 'y' %}{{ ns.x }}{{ ns['x'] }}{{ ns.missing is defined }}"),
        "yyFalse");
    EXPECT_EQ(render("{% set ns = namespace(d, c=3) %}{{ ns.a }}{{ ns.c }}"), "13");
    EXPECT_EQ(render("{% set ns = namespace(a=1) %}{{ ns }}"), "<Namespace {'a': 1}>");
    EXPECT_EQ(render("{% set ns = namespace() %}{% set ns.text %}captured{% endset %}{{ ns.text }}"), "captured");
}

TEST(TemplateStatements, Macros)
{
    EXPECT_EQ(render("{% macro m(a, b='B', c=none) %}[{{ a }}{{ b }}{{ c }}]{% endmacro %}{{ m(1) }}{{ m(1, 2) }}"
                     "{{ m(1, c=3) }}{{ m() }}"),
        "[1BNone][12None][1B3][BNone]");
    // A default may use an earlier parameter.
    EXPECT_EQ(render("{% macro m(a, b=a) %}{{ a }}{{ b }}{% endmacro %}{{ m(1) }}{{ m(1, 2) }}"), "1112");
    EXPECT_EQ(
        render("{% macro f(n) %}{% if n > 0 %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(5) }}"), "54321");
    // A macro sees the template's variables as they are when it is called.
    EXPECT_EQ(render("{% macro m() %}{{ y }}{% endmacro %}{% set y = 1 %}{{ m() }}{% set y = 2 %}{{ m() }}"), "12");
    EXPECT_EQ(render("{% macro m() %}{% set inner = 1 %}{% endmacro %}{{ m() }}{{ inner is defined }}"), "False");
    EXPECT_EQ(render("{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m('a') ~ m('b') }}"), "<a><b>");
}

TEST(TemplateStatements, FilterBlockPrintAndGeneration)
{
    EXPECT_EQ(render("{% filter upper %}hello {{ 'x' }}{% endfilter %}"), "HELLO X");
    EXPECT_EQ(render("{% filter replace('a', 'b') | upper %}aaa{% endfilter %}"), "BBB");
    EXPECT_EQ(render("{% print 'printed' %}"), "printed");
    // transformers' {% generation %} marks assistant text; it renders as it is.
    EXPECT_EQ(render("a{% generation %}b{{ 1 }}{% endgeneration %}c"), "ab1c");
}

TEST(TemplateStatements, RawBlocks)
{
    EXPECT_EQ(render("{% raw %}{{ not parsed }}{% if %}{% endraw %}"), "{{ not parsed }}{% if %}");
    EXPECT_EQ(render("{% raw -%}   {{ x }}   {%- endraw %}|"), "{{ x }}|");
}
