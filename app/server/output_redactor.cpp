#include "app/server/output_redactor.h"

#include <algorithm>

namespace hearth::app {

namespace {

// A pattern that matches without end (".*secret") would hold the whole
// answer back; past this many characters text is sent anyway.
constexpr qsizetype maxHeldBack = 256;
constexpr qsizetype contextKept = 16;
// A cut answer's trailing partial match is redacted from this length: four
// digits of a phone or card number already narrow it down.
constexpr qsizetype revealingPartial = 4;

struct Span {
    qsizetype start;
    qsizetype end;
};

// The text as the patterns see it: full-width forms (a Chinese input method
// types １３８００１３８０００) as ASCII, one UTF-16 unit for one, so positions
// in it are positions in the text.
QString normalized(const QString& text)
{
    QString out = text;
    for (QChar& c : out) {
        const char16_t u = c.unicode();
        if (u >= 0xFF10 && u <= 0xFF19) // full-width digits
            c = QChar(u - 0xFF10 + '0');
        else if (u == 0xFF0B) // full-width plus
            c = QLatin1Char('+');
        else if (u == 0xFF0D || u == 0x2010 || u == 0x2011 || u == 0x2012 || u == 0x2013) // hyphens and dashes
            c = QLatin1Char('-');
        else if (u == 0x3000 || u == 0x00A0) // ideographic and no-break spaces
            c = QLatin1Char(' ');
    }
    return out;
}

} // namespace

QStringList OutputRedactor::defaultPatterns()
{
    return {
        // National ID: 17 digits and a digit or X, whole or as region, birth
        // date and sequence (110105 19491231 002X, or with dashes).
        QStringLiteral("(?<![0-9])[1-9][0-9]{5}[ -]?[0-9]{8}[ -]?[0-9]{3}[0-9Xx](?![0-9])"),
        // Mainland mobile numbers, with the country code or not, written
        // whole or as 138 0013 8000 / 138-0013-8000.
        QStringLiteral("(?<![0-9])(?:(?:\\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])"),
        // Passports: two letters and 7 digits (the guide's), or E/G and 8 digits.
        QStringLiteral("(?<![A-Za-z0-9])(?:[A-Z]{2}[0-9]{7}|[EG][0-9]{8})(?![0-9])"),
        // Bank cards: 16 to 19 digits, in groups of four (by spaces, dashes or dots) or not.
        QStringLiteral("(?<![0-9])[0-9]{4}(?:[ .-]?[0-9]{4}){3}(?:[ .-]?[0-9]{1,3})?(?![0-9])"),
    };
}

OutputRedactor::OutputRedactor(const QStringList& patterns)
{
    for (const QString& pattern : patterns) {
        if (pattern.trimmed().isEmpty())
            continue;
        QRegularExpression expression(pattern, QRegularExpression::UseUnicodePropertiesOption);
        if (!expression.isValid()) {
            if (m_error.isEmpty())
                m_error = QStringLiteral("%1: %2").arg(pattern, expression.errorString());
            continue;
        }
        m_patterns << expression;
    }
}

QString OutputRedactor::push(const QString& piece)
{
    if (m_patterns.isEmpty())
        return piece;
    m_pending += piece;
    return release(std::nullopt);
}

QString OutputRedactor::finish(Ending ending)
{
    return release(ending);
}

QString OutputRedactor::redacted(const QString& text, Ending ending) const
{
    OutputRedactor copy = *this;
    copy.m_pending.clear();
    copy.m_context.clear();
    QString out = copy.push(text);
    return out + copy.finish(ending);
}

QString OutputRedactor::release(std::optional<Ending> ending)
{
    const bool final = ending.has_value();
    const QString subject = m_context + m_pending;
    const QString seen = normalized(subject);
    const qsizetype offset = m_context.size();
    qsizetype hold = subject.size();
    QList<Span> spans;
    const auto matchType = !final ? QRegularExpression::PartialPreferFirstMatch
        : ending == Ending::Cut   ? QRegularExpression::PartialPreferCompleteMatch
                                  : QRegularExpression::NormalMatch;
    for (const QRegularExpression& pattern : std::as_const(m_patterns)) {
        auto matches = pattern.globalMatch(seen, offset, matchType);
        while (matches.hasNext()) {
            const auto match = matches.next();
            if (match.capturedLength() == 0 && !match.hasPartialMatch())
                continue;
            if (final && match.hasPartialMatch()) {
                // A cut answer: what ends it might have become a match.
                // (It starts where its lookbehind does: the space before a number stays.)
                qsizetype start = std::max(offset, match.capturedStart());
                while (start < seen.size() && seen.at(start).isSpace())
                    ++start;
                if (seen.size() - start >= revealingPartial)
                    spans.append({ start, subject.size() });
                break;
            }
            // A match that reaches the end of what has arrived may grow. (A
            // partial match starts where its lookbehind does, which may be
            // before the offset: the last character of a piece often waits
            // for the next.)
            if (!final && (match.hasPartialMatch() || match.capturedEnd() == subject.size())) {
                hold = std::min(hold, std::max(offset, match.capturedStart()));
                break; // nothing comes after the end (and the iterator would repeat it)
            } else
                spans.append({ match.capturedStart(), match.capturedEnd() });
        }
    }
    if (!final && hold - offset < m_pending.size() - maxHeldBack)
        hold = subject.size() - maxHeldBack;
    // Overlapping matches (an ID number is also a run of card digits) become one.
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
    QList<Span> merged;
    for (const Span& span : std::as_const(spans)) {
        if (!merged.isEmpty() && span.start < merged.last().end)
            merged.last().end = std::max(merged.last().end, span.end);
        else
            merged.append(span);
    }
    // A match that starts before the hold point and ends after it is held whole.
    for (const Span& span : std::as_const(merged))
        if (span.start < hold && span.end > hold)
            hold = span.start;
    QString out;
    qsizetype at = offset;
    for (const Span& span : std::as_const(merged)) {
        if (span.end > hold)
            break;
        out += QStringView(subject).mid(at, span.start - at);
        out += replacement();
        at = span.end;
    }
    out += QStringView(subject).mid(at, hold - at);
    m_pending = subject.mid(hold);
    m_context = (m_context + out).right(contextKept);
    return out;
}

} // namespace hearth::app
