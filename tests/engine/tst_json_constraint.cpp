// The JSON output constraint: what it accepts and refuses for a schema, and
// the property that matters to API clients: text it lets through to the end
// always parses and matches the schema, however it was chosen.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "engine/grammar/json_constraint.h"

using namespace hearth;
using Json = nlohmann::json;

namespace {

bool accepts_whole(const std::shared_ptr<const JsonSchema>& schema, std::string_view text)
{
    JsonConstraint constraint(schema);
    for (const char c : text)
        if (!constraint.feed(std::string_view(&c, 1)))
            return false;
    return constraint.complete();
}

const Json person = Json::parse(R"({
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "age": {"type": "integer"},
        "score": {"type": ["number", "null"]},
        "tags": {"type": "array", "items": {"enum": ["red", "green", 7]}, "maxItems": 2},
        "address": {"type": "object", "properties": {"city": {"const": "Paris"}}, "required": ["city"],
                    "additionalProperties": false}
    },
    "required": ["name", "age"],
    "additionalProperties": false
})");

// Whether `value` matches `person` (what the constraint promises).
bool is_person(const Json& value)
{
    if (!value.is_object() || !value.contains("name") || !value.contains("age"))
        return false;
    for (const auto& [key, v] : value.items()) {
        if (key == "name" && !v.is_string())
            return false;
        if (key == "age" && !v.is_number_integer())
            return false;
        if (key == "score" && !v.is_number() && !v.is_null())
            return false;
        if (key == "tags") {
            if (!v.is_array() || v.size() > 2)
                return false;
            for (const auto& tag : v)
                if (tag != "red" && tag != "green" && tag != 7)
                    return false;
        }
        if (key == "address" && (!v.is_object() || v.size() != 1 || v.value("city", "") != "Paris"))
            return false;
        if (key != "name" && key != "age" && key != "score" && key != "tags" && key != "address")
            return false;
    }
    return true;
}

} // namespace

TEST(JsonConstraint, AnyObjectTakesAnyJsonObject)
{
    const auto any = JsonSchema::any_object();
    EXPECT_TRUE(accepts_whole(any, R"({"a": [1, -2.5e3, "x\"\u00e9", true, null, {"b": {}}], "c": 0})"));
    EXPECT_TRUE(accepts_whole(any, "{}"));
    EXPECT_TRUE(accepts_whole(any, "{\n  \"中文\": \"好\"\n}"));
    EXPECT_FALSE(accepts_whole(any, "[1]")); // json_object: an object
    EXPECT_FALSE(accepts_whole(any, R"({"a" 1})"));
    EXPECT_FALSE(accepts_whole(any, R"({"a": 01})"));
    EXPECT_FALSE(accepts_whole(any, R"({"a": tru})"));
    EXPECT_FALSE(accepts_whole(any, R"({"a": 1} x)"));
    EXPECT_FALSE(accepts_whole(any, R"({"a": 1)")); // not complete
    EXPECT_FALSE(accepts_whole(any, "{" + std::string(40, ' ') + "}")); // whitespace runs are short
}

TEST(JsonConstraint, ASchemaNamesKeysTypesAndRequiredOnes)
{
    const auto schema = JsonSchema::compile(person);
    EXPECT_TRUE(accepts_whole(schema, R"({"name": "Li", "age": 30})"));
    EXPECT_TRUE(accepts_whole(schema, R"({"age": -4, "name": "", "score": 1.5e-3, "tags": ["red", 7]})"));
    EXPECT_TRUE(accepts_whole(schema, R"({"name": "x", "age": 0, "score": null, "address": {"city": "Paris"}})"));
    EXPECT_FALSE(accepts_whole(schema, R"({"name": "Li"})")); // age is required
    EXPECT_FALSE(accepts_whole(schema, R"({"name": "Li", "age": 3.5})"));
    EXPECT_FALSE(accepts_whole(schema, R"({"name": 5, "age": 3})"));
    EXPECT_FALSE(accepts_whole(schema, R"({"name": "Li", "age": 3, "extra": 1})"));
    EXPECT_FALSE(accepts_whole(schema, R"({"name": "Li", "name": "Wu", "age": 3})"));
    EXPECT_FALSE(accepts_whole(schema, R"({"name": "Li", "age": 3, "tags": ["blue"]})"));
    EXPECT_FALSE(accepts_whole(schema, R"({"name": "Li", "age": 3, "tags": ["red", "red", "red"]})"));
    EXPECT_FALSE(accepts_whole(schema, R"({"name": "Li", "age": 3, "score": "high"})"));
    EXPECT_FALSE(accepts_whole(schema, R"({"name": "Li", "age": 3, "address": {"city": "Rome"}})"));
    // The constraint refuses at the first byte that cannot lead anywhere.
    JsonConstraint constraint(schema);
    EXPECT_TRUE(constraint.feed(R"({"na)"));
    EXPECT_FALSE(constraint.accepts("x"));
    EXPECT_TRUE(constraint.accepts("me\""));
    EXPECT_FALSE(constraint.complete());
}

TEST(JsonConstraint, ReferencesMayRecurse)
{
    const auto tree = JsonSchema::compile(Json::parse(R"({
        "$ref": "#/$defs/Node",
        "$defs": {"Node": {"type": "object", "properties": {
            "value": {"type": "integer"},
            "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
            "required": ["value"], "additionalProperties": false}}
    })"));
    EXPECT_TRUE(accepts_whole(tree, R"({"value": 1, "children": [{"value": 2}, {"value": 3, "children": []}]})"));
    EXPECT_FALSE(accepts_whole(tree, R"({"value": 1, "children": [{"value": "2"}]})"));
    EXPECT_THROW(JsonSchema::compile(Json::parse(R"({"$ref": "https://example.com/schema"})")), std::invalid_argument);
    // A union made of itself refuses everything rather than recursing without end.
    const auto loop = JsonSchema::compile(
        Json::parse(R"({"$ref": "#/$defs/A", "$defs": {"A": {"anyOf": [{"$ref": "#/$defs/A"}]}}})"));
    EXPECT_FALSE(JsonConstraint(loop).accepts("{"));
}

// What the constraint cannot hold the output to is refused by name and place,
// unless the schema only guides.
TEST(JsonConstraint, KeywordsItCannotEnforceAreRefusedWhereTheyAre)
{
    const Json schema = Json::parse(R"({"type": "object", "properties": {
        "code": {"type": "string", "pattern": "^[A-Z]{3}$"}, "when": {"type": "string", "format": "date-time"}}})");
    try {
        JsonSchema::compile(schema);
        FAIL() << "a pattern was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("#/properties/code"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("\"pattern\""), std::string::npos) << e.what();
    }
    for (const char* keyword : { R"({"type": "integer", "minimum": 1})", R"({"not": {"type": "null"}})",
             R"({"type": "string", "minLength": 2})", R"({"allOf": [{"type": "object"}, {"required": ["a"]}]})" })
        EXPECT_THROW(JsonSchema::compile(Json::parse(keyword)), std::invalid_argument) << keyword;
    const auto guide = JsonSchema::compile(schema, JsonSchema::Unenforceable::Ignore);
    EXPECT_TRUE(accepts_whole(guide, R"({"code": "abc", "when": "soon"})"));
    // Annotations say nothing about the value.
    EXPECT_NO_THROW(JsonSchema::compile(Json::parse(
        R"({"title": "T", "description": "d", "type": "object", "properties": {"a": {"type": "string", "examples": ["x"]}}})")));
}

// One request's schema is checked on the engine's thread between every
// sequence's steps: its size is bounded, so it cannot stall the others.
TEST(JsonConstraint, SchemasTooLargeToCheckQuicklyAreRefused)
{
    const auto enum_of = [](std::size_t count) {
        Json values = Json::array();
        for (std::size_t i = 0; i < count; ++i)
            values.push_back("value-" + std::to_string(i));
        return Json { { "enum", values } };
    };
    EXPECT_NO_THROW(JsonSchema::compile(enum_of(512)));
    EXPECT_THROW(JsonSchema::compile(enum_of(100000)), std::invalid_argument);
    Json nested = { { "type", "string" } };
    for (int level = 0; level < 40; ++level)
        nested = { { "type", "array" }, { "items", nested } };
    EXPECT_THROW(JsonSchema::compile(nested), std::invalid_argument);
    Json branches = Json::array();
    for (int i = 0; i < 100; ++i)
        branches.push_back({ { "const", i } });
    EXPECT_THROW(JsonSchema::compile(Json { { "anyOf", branches } }), std::invalid_argument);
    Json wide = { { "type", "object" }, { "properties", Json::object() } };
    for (int i = 0; i < 5000; ++i)
        wide["properties"]["p" + std::to_string(i)] = { { "type", "integer" } };
    EXPECT_THROW(JsonSchema::compile(wide), std::invalid_argument);
}

TEST(JsonConstraint, ScalarsAtTheRootEndWithTheText)
{
    const auto number = JsonSchema::compile(Json::parse(R"({"type": "number"})"));
    EXPECT_TRUE(accepts_whole(number, "12.5"));
    EXPECT_FALSE(accepts_whole(number, "12."));
    const auto choice = JsonSchema::compile(Json::parse(R"({"enum": [1, 12, "a"]})"));
    EXPECT_TRUE(accepts_whole(choice, "1"));
    EXPECT_TRUE(accepts_whole(choice, "12"));
    EXPECT_TRUE(accepts_whole(choice, "\"a\""));
    EXPECT_FALSE(accepts_whole(choice, "2"));
}

// However the next piece is chosen among those allowed, a finished text
// parses and matches: a random walk over pieces like a model's tokens.
TEST(JsonConstraint, WhatItLetsThroughAlwaysParsesAndMatches)
{
    // Every printable byte, as vocabularies have, and longer pieces.
    std::vector<std::string> pieces;
    for (char c = ' '; c <= '~'; ++c)
        pieces.emplace_back(1, c);
    pieces.insert(pieces.end(),
        { "{", "}", "[", "]", "\"", ":", ",", " ", "\n", "name", "age", "score", "tags", "address", "city", "Paris",
            "red", "green", "7", "0", "1", "-", ".", "e", "5", "true", "null", "\\", "n", "\"name\": \"", "\", \"",
            "\": ", "}]", "x", "é", "\"age\": 4", "{\"", "\"}" });
    const auto schema = JsonSchema::compile(person);
    const auto any = JsonSchema::any_object();
    std::mt19937 random(7);
    int finished = 0;
    for (int walk = 0; walk < 3000; ++walk) {
        const auto& target = walk % 2 ? schema : any;
        JsonConstraint constraint(target);
        std::string text;
        for (int step = 0; step < 200 && !constraint.complete(); ++step) {
            std::vector<const std::string*> allowed;
            for (const auto& piece : pieces)
                if (constraint.accepts(piece))
                    allowed.push_back(&piece);
            ASSERT_FALSE(allowed.empty()) << "stuck after: " << text;
            const auto& piece = *allowed[std::uniform_int_distribution<std::size_t>(0, allowed.size() - 1)(random)];
            ASSERT_TRUE(constraint.feed(piece));
            text += piece;
        }
        if (!constraint.complete())
            continue;
        ++finished;
        Json value;
        ASSERT_NO_THROW(value = Json::parse(text)) << text;
        if (target == schema)
            EXPECT_TRUE(is_person(value)) << text;
        else
            EXPECT_TRUE(value.is_object()) << text;
    }
    EXPECT_GT(finished, 100);
}

TEST(TokenTrie, HoldsEveryPieceOnceInDepthFirstOrder)
{
    const std::vector<std::string> pieces { "ab", "", "a", "abc", "b", "ab", "ba" };
    const TokenTrie trie(pieces);
    EXPECT_EQ(trie.vocab_size(), pieces.size());
    EXPECT_EQ(trie.max_depth(), 3u);
    // a, ab, abc, b, ba: one node per distinct prefix.
    ASSERT_EQ(trie.size(), 5u);
    std::string path;
    std::vector<std::pair<std::string, std::vector<TokenId>>> seen;
    for (std::size_t i = 0; i < trie.size(); ++i) {
        path.resize(trie.depth(i) - 1);
        path += static_cast<char>(trie.byte(i));
        const auto tokens = trie.tokens(i);
        seen.emplace_back(path, std::vector<TokenId>(tokens.begin(), tokens.end()));
    }
    const std::vector<std::pair<std::string, std::vector<TokenId>>> expected { { "a", { 2 } }, { "ab", { 0, 5 } },
        { "abc", { 3 } }, { "b", { 4 } }, { "ba", { 6 } } };
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(trie.subtree_end(0), 3u); // a's subtree: ab, abc
    EXPECT_EQ(trie.subtree_end(3), 5u);
}

TEST(JsonConstraint, OneWalkOfTheTrieAllowsWhatEachTokenWould)
{
    // Pieces of every shape a vocabulary has, and a large enum besides.
    std::vector<std::string> pieces { "" }; // a control token: never allowed this way
    for (char c = ' '; c <= '~'; ++c)
        pieces.emplace_back(1, c);
    Json values = Json::array();
    for (int i = 0; i < 300; ++i)
        values.push_back("label-" + std::to_string(i * 37 % 1000));
    std::mt19937 random(11);
    const std::string alphabet = "label-0123456789\"{}[],: nametrufsx\\";
    for (int i = 0; i < 4000; ++i) {
        std::string piece;
        for (int n = 1 + static_cast<int>(random() % 6); n > 0; --n)
            piece += alphabet[random() % alphabet.size()];
        pieces.push_back(piece);
    }
    const TokenTrie trie(pieces);
    Json schema = person;
    schema["properties"]["label"] = { { "enum", values } };
    const auto compiled = JsonSchema::compile(schema);
    for (const std::string& prefix : { std::string(), std::string("{\"label\": \"lab"), std::string("{\"name\": \"x"),
             std::string("{\"age\": 1"), std::string("{\"tags\": [\"re") }) {
        JsonConstraint constraint(compiled);
        ASSERT_TRUE(constraint.feed(prefix)) << prefix;
        std::vector<char> allowed;
        ASSERT_TRUE(constraint.allowed_tokens(trie, allowed));
        ASSERT_EQ(allowed.size(), pieces.size());
        int count = 0;
        for (std::size_t id = 0; id < pieces.size(); ++id) {
            EXPECT_EQ(allowed[id] != 0, !pieces[id].empty() && constraint.accepts(pieces[id]))
                << "after '" << prefix << "': '" << pieces[id] << "'";
            count += allowed[id];
        }
        EXPECT_GT(count, 0) << prefix;
    }
}

TEST(JsonConstraint, AWalkStopsWhenItsRequestIsCancelled)
{
    std::vector<std::string> pieces;
    for (int i = 0; i < 20000; ++i)
        pieces.push_back("x" + std::to_string(i));
    const TokenTrie trie(pieces);
    JsonConstraint constraint(JsonSchema::compile(Json::parse(R"({"type": "string"})")));
    ASSERT_TRUE(constraint.feed("\""));
    std::atomic<bool> cancelled { true };
    std::vector<char> allowed;
    EXPECT_FALSE(constraint.allowed_tokens(trie, allowed, &cancelled));
    cancelled = false;
    EXPECT_TRUE(constraint.allowed_tokens(trie, allowed, &cancelled));
    EXPECT_EQ(std::count(allowed.begin(), allowed.end(), 1), 20000);
}
