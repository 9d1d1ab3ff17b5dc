#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/text/template/value.h"

namespace hearth::jinja {

// The variables one level of a template sees, chained to the level around it.
// As in jinja2, each turn of a for loop and each macro call gets its own
// scope, so a {% set %} inside does not leak out (namespace() exists for that);
// {% if %} gets none.
class Scope {
public:
    explicit Scope(std::shared_ptr<Scope> parent)
        : m_parent(std::move(parent))
    { }

    // The innermost variable of that name, or nullptr.
    const Value* find(std::string_view name) const
    {
        for (const Scope* scope = this; scope; scope = scope->m_parent.get()) {
            for (const auto& [key, value] : scope->m_variables) {
                if (key == name)
                    return &value;
            }
        }
        return nullptr;
    }

    void set(std::string_view name, Value value)
    {
        for (auto& [key, existing] : m_variables) {
            if (key == name) {
                existing = std::move(value);
                return;
            }
        }
        m_variables.emplace_back(std::string(name), std::move(value));
    }

private:
    std::shared_ptr<Scope> m_parent;
    std::vector<std::pair<std::string, Value>> m_variables; // few per scope: a vector beats a map
};

} // namespace hearth::jinja
