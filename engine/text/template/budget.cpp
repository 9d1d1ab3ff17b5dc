#include "engine/text/template/budget.h"

#include <string>

#include "engine/text/template/failure.h"

namespace hearth::jinja {

void Budget::charge(std::uint64_t steps)
{
    if (steps > m_max_steps - m_steps)
        throw Failure("the template does too much work (over " + std::to_string(m_max_steps)
            + " steps): it loops over too much or builds too much text");
    m_steps += steps;
}

void Budget::check_size(std::size_t bytes) const
{
    if (bytes > m_max_bytes)
        throw Failure("the template makes more text than the limit of " + std::to_string(m_max_bytes) + " bytes");
}

} // namespace hearth::jinja
