#include "engine/grammar/json_schema.h"

#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace hearth {

using Node = JsonSchema::Node;
using Kind = Node::Kind;
using Json = nlohmann::json;

JsonSchema::JsonSchema() = default;
JsonSchema::~JsonSchema() = default;

namespace {

// The bounds on one schema. Checking a token against the constraint walks
// the live enum values byte by byte, and a step may check thousands of
// tokens: a 20 000-value enum made an unrelated 4-token request wait 10.9 s.
constexpr std::size_t kMaxNodes = 4096;
constexpr std::size_t kMaxDepth = 32;
constexpr std::size_t kMaxBranches = 64; // of one anyOf / oneOf / type list
constexpr std::size_t kMaxLiterals = 512; // enum and const values, all of them
constexpr std::size_t kMaxLiteralBytes = 32 * 1024;

// Keywords that say what a value may be, which the constraint does not check.
constexpr const char* kUnenforced[]
    = { "pattern", "minLength", "maxLength", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
          "multipleOf", "not", "if", "then", "else", "patternProperties", "propertyNames", "minProperties",
          "maxProperties", "uniqueItems", "contains", "minContains", "maxContains", "prefixItems", "dependentRequired",
          "dependentSchemas", "dependencies", "unevaluatedProperties", "unevaluatedItems" };

} // namespace

struct SchemaCompiler {
    JsonSchema& schema;
    const Json& root;
    JsonSchema::Unenforceable unenforceable;
    std::map<std::string, const Node*> references;
    std::size_t depth = 0;
    std::size_t literals = 0;
    std::size_t literal_bytes = 0;

    [[noreturn]] static void refuse(const std::string& path, const std::string& why)
    {
        throw std::invalid_argument("at " + (path.empty() ? std::string("#") : "#" + path) + ": " + why);
    }

    Node* make(Kind kind)
    {
        if (schema.m_nodes.size() >= kMaxNodes)
            refuse("", "the schema has more than " + std::to_string(kMaxNodes) + " parts");
        schema.m_nodes.push_back(std::make_unique<Node>());
        schema.m_nodes.back()->kind = kind;
        return schema.m_nodes.back().get();
    }

    const Node* any() { return make(Kind::Any); }

    void add_literal(const Json& value, const std::string& path)
    {
        const std::string text = value.dump();
        literals += 1;
        literal_bytes += text.size();
        if (literals > kMaxLiterals || literal_bytes > kMaxLiteralBytes)
            refuse(path,
                "the schema's enum and const values go past " + std::to_string(kMaxLiterals) + " values or "
                    + std::to_string(kMaxLiteralBytes / 1024) + " KB, more than the output can be checked against");
    }

    void check_branches(std::size_t count, const std::string& path)
    {
        if (count > kMaxBranches)
            refuse(path, std::to_string(count) + " alternatives; at most " + std::to_string(kMaxBranches));
    }

    const Node* reference(const std::string& ref, const std::string& path)
    {
        if (const auto found = references.find(ref); found != references.end())
            return found->second;
        for (const char* prefix : { "#/$defs/", "#/definitions/" }) {
            if (!ref.starts_with(prefix))
                continue;
            const std::string name = ref.substr(std::string_view(prefix).size());
            const char* section = std::string_view(prefix) == "#/$defs/" ? "$defs" : "definitions";
            if (!root.contains(section) || !root[section].contains(name))
                break;
            // A placeholder first: a schema may refer to itself.
            Node* node = make(Kind::Any);
            references[ref] = node;
            const Node* compiled = compile(root[section][name], "/" + std::string(section) + "/" + name);
            *node = *compiled;
            return node;
        }
        if (ref == "#")
            return schema.m_nodes.front().get();
        refuse(path, "the schema refers to \"" + ref + "\", which is not under #/$defs");
    }

    const Node* typed(const std::string& type, const Json& s, const std::string& path)
    {
        if (type == "object") {
            Node* node = make(Kind::Object);
            if (s.contains("properties") && s["properties"].is_object())
                for (const auto& [name, property] : s["properties"].items())
                    node->properties.emplace_back(
                        name, compile(property, std::string(path).append("/properties/").append(name)));
            node->required.assign(node->properties.size(), false);
            if (s.contains("required") && s["required"].is_array())
                for (const auto& name : s["required"])
                    for (std::size_t i = 0; i < node->properties.size(); ++i)
                        if (name.is_string() && node->properties[i].first == name.get<std::string>())
                            node->required[i] = true;
            const Json additional = s.value("additionalProperties", Json(true));
            if (additional.is_boolean())
                node->additional = additional.get<bool>() ? any() : nullptr;
            else
                node->additional = compile(additional, path + "/additionalProperties");
            return node;
        }
        if (type == "array") {
            Node* node = make(Kind::Array);
            node->items = s.contains("items") && s["items"].is_object() ? compile(s["items"], path + "/items") : any();
            if (s.contains("minItems") && s["minItems"].is_number_unsigned())
                node->min_items = s["minItems"].get<std::size_t>();
            if (s.contains("maxItems") && s["maxItems"].is_number_unsigned())
                node->max_items = s["maxItems"].get<std::size_t>();
            return node;
        }
        if (type == "string")
            return make(Kind::String);
        if (type == "number")
            return make(Kind::Number);
        if (type == "integer")
            return make(Kind::Integer);
        if (type == "boolean")
            return make(Kind::Boolean);
        if (type == "null")
            return make(Kind::Null);
        refuse(path, "the schema has an unknown type \"" + type + "\"");
    }

    const Node* compile(const Json& s, const std::string& path)
    {
        if (s.is_boolean() || (s.is_object() && s.empty()))
            return any();
        if (!s.is_object())
            refuse(path, "a schema must be an object");
        if (++depth > kMaxDepth)
            refuse(path, "the schema nests deeper than " + std::to_string(kMaxDepth) + " levels");
        const Node* node = compile_object(s, path);
        --depth;
        return node;
    }

    const Node* compile_object(const Json& s, const std::string& path)
    {
        if (unenforceable == JsonSchema::Unenforceable::Refuse) {
            for (const char* keyword : kUnenforced)
                if (s.contains(keyword))
                    refuse(path,
                        "\"" + std::string(keyword)
                            + "\" cannot be enforced on the output; remove it, or send the schema with \"strict\": "
                              "false to have it ignored");
            if (s.contains("allOf") && (!s["allOf"].is_array() || s["allOf"].size() > 1))
                refuse(path, "\"allOf\" with more than one schema cannot be enforced on the output");
        }
        if (s.contains("$ref")) {
            if (!s["$ref"].is_string())
                refuse(path, "\"$ref\" must be a string");
            return reference(s["$ref"].get<std::string>(), path);
        }
        if (s.contains("const")) {
            Node* node = make(Kind::Literals);
            add_literal(s["const"], path + "/const");
            node->literals.push_back(s["const"].dump());
            return node;
        }
        if (s.contains("enum") && s["enum"].is_array() && !s["enum"].empty()) {
            Node* node = make(Kind::Literals);
            for (const auto& value : s["enum"]) {
                add_literal(value, path + "/enum");
                node->literals.push_back(value.dump());
            }
            return node;
        }
        for (const char* key : { "anyOf", "oneOf" })
            if (s.contains(key) && s[key].is_array() && !s[key].empty()) {
                check_branches(s[key].size(), path + "/" + key);
                Node* node = make(Kind::Union);
                for (std::size_t i = 0; i < s[key].size(); ++i)
                    node->branches.push_back(compile(s[key][i], path + "/" + key + "/" + std::to_string(i)));
                return node;
            }
        if (s.contains("allOf") && s["allOf"].is_array() && s["allOf"].size() == 1)
            return compile(s["allOf"][0], path + "/allOf/0");
        if (s.contains("type")) {
            if (s["type"].is_string())
                return typed(s["type"].get<std::string>(), s, path);
            if (s["type"].is_array()) {
                check_branches(s["type"].size(), path + "/type");
                Node* node = make(Kind::Union);
                for (const auto& type : s["type"]) {
                    if (!type.is_string())
                        refuse(path + "/type", "a type must be a string");
                    node->branches.push_back(typed(type.get<std::string>(), s, path));
                }
                return node;
            }
        }
        if (s.contains("properties"))
            return typed("object", s, path);
        if (s.contains("items"))
            return typed("array", s, path);
        return any();
    }
};

std::shared_ptr<const JsonSchema> JsonSchema::compile(const Json& schema, Unenforceable unenforceable)
{
    auto compiled = std::shared_ptr<JsonSchema>(new JsonSchema);
    SchemaCompiler compiler { *compiled, schema, unenforceable, {} };
    // The root first, so that "#" refers to it.
    compiled->m_nodes.push_back(std::make_unique<Node>());
    const Node* root = compiler.compile(schema, "");
    *compiled->m_nodes.front() = *root;
    return compiled;
}

std::shared_ptr<const JsonSchema> JsonSchema::any_object()
{
    return compile(Json { { "type", "object" } });
}

} // namespace hearth
