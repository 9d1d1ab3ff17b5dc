#include "engine/text/template/strftime.h"

#include <algorithm>
#include <clocale>
#include <cstdio>
#include <ctime>
#include <locale.h>
#include <vector>

#include "engine/text/template/failure.h"

namespace hearth::jinja {

namespace {

// The "C" locale, for month and day names as Python prints them.
class CLocale {
public:
    CLocale()
        : m_locale(newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0)))
    { }
    ~CLocale()
    {
        if (m_locale)
            freelocale(m_locale);
    }
    CLocale(const CLocale&) = delete;
    CLocale& operator=(const CLocale&) = delete;

    locale_t get() const { return m_locale; }

private:
    locale_t m_locale;
};

} // namespace

std::string format_time(std::string_view format, const TemplateClock& clock, std::size_t max_bytes)
{
    const auto since_epoch = clock.time.time_since_epoch();
    const std::time_t seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
    const auto microseconds = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count() % 1'000'000;
    std::tm fields {};
    if (clock.utc)
        gmtime_r(&seconds, &fields);
    else
        localtime_r(&seconds, &fields);

    // Python handles %f, %z and %Z itself before it calls the C library.
    std::string prepared;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 >= format.size()) {
            prepared += format[i];
            continue;
        }
        const char directive = format[++i];
        if (directive == 'f') {
            char digits[16];
            std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(microseconds));
            prepared += digits;
        } else if (directive != 'z' && directive != 'Z') {
            prepared += '%';
            prepared += directive;
        }
    }
    if (prepared.empty())
        return {};

    const CLocale c_locale;
    // No directive writes more than a few dozen bytes in the "C" locale, so a
    // call that fills nothing in a buffer this large made an empty string.
    const std::size_t enough = prepared.size() * 64 + 256;
    std::vector<char> buffer(std::min(prepared.size() * 4 + 64, enough));
    while (true) {
        const std::size_t written = c_locale.get()
            ? strftime_l(buffer.data(), buffer.size(), prepared.c_str(), &fields, c_locale.get())
            : std::strftime(buffer.data(), buffer.size(), prepared.c_str(), &fields);
        if (written > 0)
            return std::string(buffer.data(), written);
        if (buffer.size() >= enough)
            return {};
        if (buffer.size() > max_bytes)
            throw Failure("strftime_now() would make more text than the output limit");
        buffer.resize(std::min(buffer.size() * 2, enough));
    }
}

} // namespace hearth::jinja
