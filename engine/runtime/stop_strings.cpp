#include "engine/runtime/stop_strings.h"

#include <algorithm>
#include <utility>

namespace hearth {

StopStrings::StopStrings(std::vector<std::string> stops)
    : m_stops(std::move(stops))
{
    std::erase_if(m_stops, [](const std::string& s) { return s.empty(); });
}

StopStrings::Result StopStrings::push(std::string_view piece)
{
    m_pending += piece;
    Result result;
    std::size_t first = std::string::npos;
    for (const auto& stop : m_stops)
        first = std::min(first, m_pending.find(stop));
    if (first != std::string::npos) {
        result.text = m_pending.substr(0, first);
        result.stopped = true;
        m_pending.clear();
        return result;
    }
    // Hold back the longest tail that is a proper prefix of some stop string.
    std::size_t hold = 0;
    for (const auto& stop : m_stops) {
        const std::size_t longest = std::min(stop.size() - 1, m_pending.size());
        for (std::size_t n = longest; n > hold; --n) {
            if (std::string_view(m_pending).substr(m_pending.size() - n) == std::string_view(stop).substr(0, n)) {
                hold = n;
                break;
            }
        }
    }
    result.text = m_pending.substr(0, m_pending.size() - hold);
    m_pending.erase(0, m_pending.size() - hold);
    return result;
}

std::string StopStrings::finish()
{
    return std::exchange(m_pending, {});
}

} // namespace hearth
