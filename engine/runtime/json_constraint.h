#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hearth {

// What a JSON output must look like, compiled from a JSON Schema: types
// (object, array, string, number, integer, boolean, null, and lists of
// them), properties with required ones and additionalProperties, items with
// minItems and maxItems, enum and const, and anyOf / oneOf whose branches
// start differently (an object and a string, say; of two object branches the
// first is used). Keywords beyond these (pattern, minimum, formats) are not
// enforced. Without a schema, any JSON object.
class JsonSchema {
public:
    struct Node;

    // Throws std::invalid_argument for a schema it cannot use ($ref, say).
    static std::shared_ptr<const JsonSchema> compile(const nlohmann::json& schema);
    static std::shared_ptr<const JsonSchema> any_object();

    const Node& root() const { return *m_nodes.front(); }
    ~JsonSchema();

private:
    JsonSchema();
    std::vector<std::unique_ptr<Node>> m_nodes; // the root first
    friend struct SchemaCompiler;
};

// A byte-by-byte check that text is a prefix of JSON matching a schema. The
// sampler asks it, for each candidate token, whether the token's bytes can
// come next (on a copy), and the token it chose is then fed in. Whitespace
// between values is allowed in short runs, so a model cannot stall in it.
class JsonConstraint {
public:
    explicit JsonConstraint(std::shared_ptr<const JsonSchema> schema);
    ~JsonConstraint();
    JsonConstraint(const JsonConstraint&);
    JsonConstraint& operator=(const JsonConstraint&);

    // Whether `bytes` can follow what was fed so far.
    bool accepts(std::string_view bytes) const;
    // Feeds `bytes`; false (and the state unchanged) when they cannot follow.
    bool feed(std::string_view bytes);
    // The text so far is a whole value matching the schema.
    bool complete() const;

private:
    struct State;
    std::shared_ptr<const JsonSchema> m_schema;
    std::unique_ptr<State> m_state;
};

} // namespace hearth
