#include "app/chat/reasoning.h"

namespace hearth::app {

SplitAnswer splitReasoning(const QString& text)
{
    static const QString open = QStringLiteral("<think>");
    static const QString close = QStringLiteral("</think>");
    const QString trimmed = text.trimmed();
    const bool opened = trimmed.startsWith(open);
    const qsizetype end = trimmed.indexOf(close);
    if (!opened && end < 0)
        return { {}, text, false };
    const qsizetype from = opened ? open.size() : 0;
    if (end < 0)
        return { trimmed.mid(from).trimmed(), {}, true };
    return { trimmed.mid(from, end - from).trimmed(), trimmed.mid(end + close.size()).trimmed(), false };
}

} // namespace hearth::app
