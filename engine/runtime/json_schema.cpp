#include "runtime/json_schema.h"

#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace hearth {

using Node = JsonSchema::Node;
using Kind = Node::Kind;
using Json = nlohmann::json;

JsonSchema::JsonSchema() = default;
JsonSchema::~JsonSchema() = default;

struct SchemaCompiler {
    JsonSchema& schema;
    const Json& root;
    std::map<std::string, const Node*> references;

    Node* make(Kind kind)
    {
        schema.m_nodes.push_back(std::make_unique<Node>());
        schema.m_nodes.back()->kind = kind;
        return schema.m_nodes.back().get();
    }

    const Node* any() { return make(Kind::Any); }

    const Node* reference(const std::string& ref)
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
            const Node* compiled = compile(root[section][name]);
            *node = *compiled;
            return node;
        }
        if (ref == "#")
            return schema.m_nodes.front().get();
        throw std::invalid_argument("the schema refers to \"" + ref + "\", which is not under #/$defs");
    }

    const Node* typed(const std::string& type, const Json& s)
    {
        if (type == "object") {
            Node* node = make(Kind::Object);
            if (s.contains("properties") && s["properties"].is_object())
                for (const auto& [name, property] : s["properties"].items())
                    node->properties.emplace_back(name, compile(property));
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
                node->additional = compile(additional);
            return node;
        }
        if (type == "array") {
            Node* node = make(Kind::Array);
            node->items = s.contains("items") && s["items"].is_object() ? compile(s["items"]) : any();
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
        throw std::invalid_argument("the schema has an unknown type \"" + type + "\"");
    }

    const Node* compile(const Json& s)
    {
        if (s.is_boolean() || (s.is_object() && s.empty()))
            return any();
        if (!s.is_object())
            throw std::invalid_argument("a schema must be an object");
        if (s.contains("$ref"))
            return reference(s["$ref"].get<std::string>());
        if (s.contains("const")) {
            Node* node = make(Kind::Literals);
            node->literals.push_back(s["const"].dump());
            return node;
        }
        if (s.contains("enum") && s["enum"].is_array() && !s["enum"].empty()) {
            Node* node = make(Kind::Literals);
            for (const auto& value : s["enum"])
                node->literals.push_back(value.dump());
            return node;
        }
        for (const char* key : { "anyOf", "oneOf" })
            if (s.contains(key) && s[key].is_array() && !s[key].empty()) {
                Node* node = make(Kind::Union);
                for (const auto& branch : s[key])
                    node->branches.push_back(compile(branch));
                return node;
            }
        if (s.contains("allOf") && s["allOf"].is_array() && s["allOf"].size() == 1)
            return compile(s["allOf"][0]);
        if (s.contains("type")) {
            if (s["type"].is_string())
                return typed(s["type"].get<std::string>(), s);
            if (s["type"].is_array()) {
                Node* node = make(Kind::Union);
                for (const auto& type : s["type"])
                    node->branches.push_back(typed(type.get<std::string>(), s));
                return node;
            }
        }
        if (s.contains("properties"))
            return typed("object", s);
        if (s.contains("items"))
            return typed("array", s);
        return any();
    }
};

std::shared_ptr<const JsonSchema> JsonSchema::compile(const Json& schema)
{
    auto compiled = std::shared_ptr<JsonSchema>(new JsonSchema);
    SchemaCompiler compiler { *compiled, schema, {} };
    // The root first, so that "#" refers to it.
    compiled->m_nodes.push_back(std::make_unique<Node>());
    const Node* root = compiler.compile(schema);
    *compiled->m_nodes.front() = *root;
    return compiled;
}

std::shared_ptr<const JsonSchema> JsonSchema::any_object()
{
    return compile(Json { { "type", "object" } });
}

} // namespace hearth
