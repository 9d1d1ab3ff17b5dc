#include "engine/text/template/arguments.h"

#include "engine/text/template/failure.h"
#include "engine/text/template/python_semantics.h"

namespace hearth::jinja {

std::vector<std::optional<Value>> bind_arguments(
    std::string_view what, const CallArguments& arguments, std::initializer_list<std::string_view> parameters)
{
    std::vector<std::optional<Value>> bound(parameters.size());
    if (arguments.positional.size() > parameters.size())
        throw Failure(std::string(what) + " takes at most " + std::to_string(parameters.size()) + " argument(s) ("
            + std::to_string(arguments.positional.size()) + " given)");
    for (std::size_t i = 0; i < arguments.positional.size(); ++i)
        bound[i] = arguments.positional[i];
    for (const auto& [name, value] : arguments.keyword) {
        std::size_t index = 0;
        for (const auto parameter : parameters) {
            if (parameter == name)
                break;
            ++index;
        }
        if (index == parameters.size())
            throw Failure(std::string(what) + " got an unexpected keyword argument '" + name + "'");
        if (bound[index])
            throw Failure(std::string(what) + " got multiple values for argument '" + name + "'");
        bound[index] = value;
    }
    return bound;
}

const std::string& require_string(const Value& value, std::string_view what)
{
    if (value.is_undefined())
        fail_undefined(value);
    if (!value.is_string())
        throw Failure(std::string(what) + " must be a string, not '" + type_name(value) + "'");
    return value.string_value();
}

std::int64_t require_integer(const Value& value, std::string_view what)
{
    if (value.is_undefined())
        fail_undefined(value);
    if (!value.is_integral())
        throw Failure(std::string(what) + " must be an integer, not '" + type_name(value) + "'");
    return value.integer_value();
}

} // namespace hearth::jinja
