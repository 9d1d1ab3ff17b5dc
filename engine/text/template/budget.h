#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/text/chat_template.h"

namespace hearth::jinja {

// The work one render may still do (see TemplateLimits). Everything that makes
// text or collections charges it before it allocates, so a hostile template
// fails with a Failure instead of hanging or exhausting memory.
class Budget {
public:
    explicit Budget(const TemplateLimits& limits)
        : m_max_steps(limits.max_steps)
        , m_max_bytes(limits.max_output_bytes)
    { }

    void charge(std::uint64_t steps);
    // Text costs a step per 16 bytes made and a list item four (an item takes
    // 48 bytes): at the default limits one render makes at most about 320 MB
    // of text and 240 MB of items in all, whatever it keeps.
    void charge_text(std::size_t bytes) { charge(1 + bytes / 16); }
    void charge_items(std::uint64_t count) { charge(count > (UINT64_MAX >> 2) ? UINT64_MAX : count * 4); }
    // Throws when a string of `bytes` would pass the output limit.
    void check_size(std::size_t bytes) const;
    std::size_t max_bytes() const { return m_max_bytes; }

private:
    std::uint64_t m_steps = 0;
    std::uint64_t m_max_steps;
    std::size_t m_max_bytes;
};

} // namespace hearth::jinja
