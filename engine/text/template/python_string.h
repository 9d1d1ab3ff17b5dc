#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/text/template/budget.h"

namespace hearth::jinja {

// Python's str methods on UTF-8 text, shared by the string methods
// ('a'.strip()) and the filters (|trim). Positions count characters.

// strip/lstrip/rstrip: `chars` missing strips Python whitespace.
std::string strip(std::string_view s, const std::optional<std::string>& chars, bool left, bool right);
// split/rsplit: `separator` missing splits on runs of whitespace; maxsplit < 0
// splits everywhere.
std::vector<std::string> split(
    std::string_view s, const std::optional<std::string>& separator, std::int64_t maxsplit, Budget& budget);
std::vector<std::string> rsplit(
    std::string_view s, const std::optional<std::string>& separator, std::int64_t maxsplit, Budget& budget);
std::vector<std::string> splitlines(std::string_view s, bool keepends, Budget& budget);
// count < 0 replaces every occurrence.
std::string replace(
    std::string_view s, std::string_view old, std::string_view replacement, std::int64_t count, Budget& budget);
std::string title(std::string_view s); // str.title()
std::string capitalize(std::string_view s); // str.capitalize()
// The title filter: words start after whitespace and - ( { [ <.
std::string jinja_title(std::string_view s);
// Where `needle` first occurs at or after `from`, or npos. Linear in the
// worst case (std::string::find is not), so that no template can make a
// search take quadratic time.
std::size_t find_text(std::string_view haystack, std::string_view needle, std::size_t from = 0);

// markupsafe's escape(): & < > " ' as HTML entities.
std::string html_escape(std::string_view s);
// Character index of the first (or last) occurrence, or -1.
std::int64_t find_substring(std::string_view s, std::string_view needle, bool last);
std::int64_t count_occurrences(std::string_view s, std::string_view needle);

} // namespace hearth::jinja
