#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hearth {

// Finds stop strings in streamed text, even when one spans several tokens:
// text that might be the start of a stop string is held back until the next
// piece shows whether it is. What comes out never contains a stop string.
class StopStrings {
public:
    explicit StopStrings(std::vector<std::string> stops);

    struct Result {
        std::string text; // safe to show now
        bool stopped = false; // a stop string appeared; text ends before it
    };
    Result push(std::string_view piece);
    // The held-back text at the end of generation.
    std::string finish();

private:
    std::vector<std::string> m_stops;
    std::string m_pending;
};

} // namespace hearth
