#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hearth {

// What a JSON output must look like, compiled from a JSON Schema: types
// (object, array, string, number, integer, boolean, null, and lists of
// them), properties with required ones and additionalProperties, items with
// minItems and maxItems, enum and const, and anyOf / oneOf whose branches
// start differently (an object and a string, say; of two object branches the
// first is used). Without a schema, any JSON object.
//
// The constraint checks candidate tokens on the engine's thread, between
// every sequence's steps, so a schema's size is bounded (nodes, depth,
// branches, enum values and their bytes): one request's schema cannot stall
// everyone else's answers.
class JsonSchema {
public:
    struct Node;

    // Keywords the constraint cannot enforce (pattern, minLength, format,
    // minimum, not, …): refused, so that an answer cannot break a schema the
    // client was told it follows, or ignored, for schemas that only guide.
    enum class Unenforceable { Refuse, Ignore };

    // Throws std::invalid_argument, naming the place in the schema, for one
    // it cannot use: a $ref outside #/$defs, a refused keyword, too large.
    static std::shared_ptr<const JsonSchema> compile(
        const nlohmann::json& schema, Unenforceable unenforceable = Unenforceable::Refuse);
    static std::shared_ptr<const JsonSchema> any_object();

    const Node& root() const { return *m_nodes.front(); }
    ~JsonSchema();

private:
    JsonSchema();
    std::vector<std::unique_ptr<Node>> m_nodes; // the root first
    friend struct SchemaCompiler;
};

// One schema, as the constraint walks it.
struct JsonSchema::Node {
    enum class Kind : std::uint8_t { Any, Object, Array, String, Number, Integer, Boolean, Null, Literals, Union };
    Kind kind = Kind::Any;
    // Object
    std::vector<std::pair<std::string, const Node*>> properties;
    std::vector<bool> required; // per property
    const Node* additional = nullptr; // the schema of other keys; null when there may be none
    // Array
    const Node* items = nullptr;
    std::size_t min_items = 0;
    std::size_t max_items = std::numeric_limits<std::size_t>::max();
    // Literals: enum and const values, as JSON text
    std::vector<std::string> literals;
    // Union: anyOf, oneOf, a list of types
    std::vector<const Node*> branches;
};

} // namespace hearth
