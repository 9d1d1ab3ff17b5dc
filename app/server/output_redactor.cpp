#include "server/output_redactor.h"

#include <algorithm>

namespace hearth::app {

namespace {

// A pattern that matches without end (".*secret") would hold the whole
// answer back; past this many characters text is sent anyway.
constexpr qsizetype maxHeldBack = 256;
constexpr qsizetype contextKept = 16;

struct Span {
    qsizetype start;
    qsizetype end;
};

} // namespace

QStringList OutputRedactor::defaultPatterns()
{
    return {
        // National ID: 17 digits and a digit or X.
        QStringLiteral("(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])"),
        // Mainland mobile numbers.
        QStringLiteral("(?<![0-9])1[3-9][0-9]{9}(?![0-9])"),
        // Passports: two letters and 7 digits (the guide's), or E/G and 8 digits.
        QStringLiteral("(?<![A-Za-z0-9])(?:[A-Z]{2}[0-9]{7}|[EG][0-9]{8})(?![0-9])"),
        // Bank cards: 16 to 19 digits, in groups of four or not.
        QStringLiteral("(?<![0-9])[0-9]{4}(?:[ -]?[0-9]{4}){3}(?:[ -]?[0-9]{1,3})?(?![0-9])"),
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
    return release(false);
}

QString OutputRedactor::finish()
{
    return release(true);
}

QString OutputRedactor::redacted(const QString& text) const
{
    OutputRedactor copy = *this;
    copy.m_pending.clear();
    copy.m_context.clear();
    QString out = copy.push(text);
    return out + copy.finish();
}

QString OutputRedactor::release(bool final)
{
    const QString subject = m_context + m_pending;
    const qsizetype offset = m_context.size();
    qsizetype hold = subject.size();
    QList<Span> spans;
    for (const QRegularExpression& pattern : std::as_const(m_patterns)) {
        auto matches = pattern.globalMatch(
            subject, offset, final ? QRegularExpression::NormalMatch : QRegularExpression::PartialPreferFirstMatch);
        while (matches.hasNext()) {
            const auto match = matches.next();
            if (match.capturedLength() == 0 && !match.hasPartialMatch())
                continue;
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
