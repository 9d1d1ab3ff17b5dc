#include "engine/text/template/failure.h"

namespace hearth::jinja {

SourcePosition position_of(std::string_view source, std::size_t offset)
{
    if (offset > source.size())
        offset = source.size();
    SourcePosition position { 1, 1 };
    for (std::size_t i = 0; i < offset; ++i) {
        const auto byte = static_cast<unsigned char>(source[i]);
        if (byte == '\n') {
            ++position.line;
            position.column = 1;
        } else if ((byte & 0xC0) != 0x80) { // count characters, not UTF-8 continuation bytes
            ++position.column;
        }
    }
    return position;
}

TemplateError error_at(std::string_view source, std::size_t offset, const std::string& reason)
{
    return TemplateError(position_of(source, offset), reason);
}

} // namespace hearth::jinja
