// How values print: Python's str() for {{ }}, repr() inside lists and dicts,
// and json.dumps() for tojson. Templates print tool arguments both ways, so
// these must match Python byte for byte.
#include <gtest/gtest.h>

#include "tests/engine/template/template_test_support.h"

using hearth::test::render;

TEST(TemplateOutput, Scalars)
{
    EXPECT_EQ(render("{{ true }}|{{ false }}|{{ none }}|{{ 42 }}|{{ -7 }}"), "True|False|None|42|-7");
    EXPECT_EQ(render("{{ undefined_name }}|{{ d.missing }}"), "|"); // undefined prints as nothing
}

TEST(TemplateOutput, FloatsAsPythonRepr)
{
    // Shortest digits that read back the same; exponent notation below 1e-4
    // and from 1e16, with at least two exponent digits.
    EXPECT_EQ(render("{{ 1.0 }}|{{ 100.0 }}|{{ 0.1 + 0.2 }}|{{ 1.5e-7 }}|{{ 123456789.123 }}"),
        "1.0|100.0|0.30000000000000004|1.5e-07|123456789.123");
    EXPECT_EQ(render("{{ 1e15 }}|{{ 1e16 }}|{{ 1e20 }}|{{ 0.0001 }}|{{ 0.00001 }}|{{ -0.0 }}|{{ 1.5e300 * 1e300 }}"),
        "1000000000000000.0|1e+16|1e+20|0.0001|1e-05|-0.0|inf");
}

TEST(TemplateOutput, ContainersAsPythonRepr)
{
    EXPECT_EQ(render("{{ [1, 'a', none, true, 1.5] }}|{{ {'a': 1, 'b': [2]} }}|{{ (1,) }}|{{ (1, 2) }}|{{ {} }}"),
        "[1, 'a', None, True, 1.5]|{'a': 1, 'b': [2]}|(1,)|(1, 2)|{}");
    // repr picks double quotes when the text has a single quote and no double one.
    EXPECT_EQ(render("{{ [\"it's\", 'a\"b', 'both\\'\"', 'back\\\\slash', 'tab\\there', 'nl\\nx'] }}"),
        "[\"it's\", 'a\"b', 'both\\'\"', 'back\\\\slash', 'tab\\there', 'nl\\nx']");
    // Chinese prints as it is; controls and separators other than ' ' as escapes.
    EXPECT_EQ(render("{{ ['你好', 'é', '\\U0001F600', '\\u3000', '\\x01', '\\xa0', '\\u200b', '\\x7f'] }}"),
        "['你好', 'é', '😀', '\\u3000', '\\x01', '\\xa0', '\\u200b', '\\x7f']");
}

TEST(TemplateOutput, ArgumentsPrintedAsADict)
{
    // Some templates print a tool call's arguments without tojson.
    const auto context = nlohmann::ordered_json::parse(
        R"({"arguments": {"city": "北京", "days": 2, "precise": true, "ratio": 0.5, "tags": ["a", null]}})");
    EXPECT_EQ(render("{{ arguments }}", context),
        "{'city': '北京', 'days': 2, 'precise': True, 'ratio': 0.5, 'tags': ['a', None]}");
}

TEST(TemplateOutput, TojsonIsPythonJsonDumps)
{
    // Default separators ', ' and ': '; keys in their order; ensure_ascii=False.
    EXPECT_EQ(
        render("{{ d|tojson }}|{{ [1, 'a', none, true, 1.5, 1e20, 1.0]|tojson }}|{{ {}|tojson }}|{{ []|tojson }}"),
        "{\"a\": 1, \"b\": [1, 2]}|[1, \"a\", null, true, 1.5, 1e+20, 1.0]|{}|[]");
    // Only quotes, backslashes and controls are escaped: not '/', not non-ASCII, not DEL.
    EXPECT_EQ(render("{{ 'é\"\\\\/\\n\\t\\x01\\x7f你'|tojson }}"), "\"é\\\"\\\\/\\n\\t\\u0001\x7f你\"");
    EXPECT_EQ(render("{{ {'a': '你好'}|tojson(ensure_ascii=true) }}|{{ '😀'|tojson(true) }}"),
        "{\"a\": \"\\u4f60\\u597d\"}|\"\\ud83d\\ude00\"");
}

TEST(TemplateOutput, TojsonIndentAndOptions)
{
    // With an indent the item separator becomes ',' (no trailing space), as in json.dumps.
    EXPECT_EQ(render("{{ d|tojson(indent=2) }}"), "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}");
    EXPECT_EQ(render("{{ {'b': 1, 'a': {'d': [], 'c': [1, {}]}}|tojson(indent=4, sort_keys=true) }}"),
        "{\n    \"a\": {\n        \"c\": [\n            1,\n            {}\n        ],\n        \"d\": []\n    },\n    "
        "\"b\": 1\n}");
    EXPECT_EQ(render("{{ {'a': 1, 'b': 2}|tojson(separators=(',', ':')) }}|{{ [1,2]|tojson(indent='\\t') }}|{{ "
                     "[1]|tojson(indent=0) }}"),
        "{\"a\":1,\"b\":2}|[\n\t1,\n\t2\n]|[\n1\n]");
    EXPECT_EQ(render("{{ {1: 'int key', none: 'none key', 2.5: 'float key', false: 'bool key'}|tojson }}"),
        "{\"1\": \"int key\", \"null\": \"none key\", \"2.5\": \"float key\", \"false\": \"bool key\"}");
    // True equals 1 in Python, so it replaces the value and keeps the first key.
    EXPECT_EQ(render("{{ {1: 'a', true: 'b'} }}"), "{1: 'b'}");
}

TEST(TemplateOutput, KeyOrderComesFromTheContext)
{
    const auto context
        = nlohmann::ordered_json::parse(R"({"tool": {"name": "f", "description": "d", "parameters": {}}})");
    EXPECT_EQ(render("{{ tool|tojson }}|{% for k in tool %}{{ k }} {% endfor %}", context),
        "{\"name\": \"f\", \"description\": \"d\", \"parameters\": {}}|name description parameters ");
}
