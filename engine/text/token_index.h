#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/text/vocabulary.h"

namespace hearth {

// Token text → id, looked up by string_view without building a std::string:
// the tokenizers' inner loops probe it for every candidate merge.
struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view> {}(text); }
};
using TokenIndex = std::unordered_map<std::string, TokenId, TextHash, std::equal_to<>>;

} // namespace hearth
