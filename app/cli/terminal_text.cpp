#include "app/cli/terminal_text.h"

#include <QList>

#include <algorithm>

#include <utf8proc.h>

namespace hearth::app {

int terminalWidth(const QString& text)
{
    int width = 0;
    for (const char32_t codePoint : text.toUcs4())
        width += std::max(0, utf8proc_charwidth(static_cast<utf8proc_int32_t>(codePoint)));
    return width;
}

QString padLeftAligned(const QString& text, int width)
{
    return text + QString(std::max(0, width - terminalWidth(text)), QLatin1Char(' '));
}

QString padRightAligned(const QString& text, int width)
{
    return QString(std::max(0, width - terminalWidth(text)), QLatin1Char(' ')) + text;
}

} // namespace hearth::app
