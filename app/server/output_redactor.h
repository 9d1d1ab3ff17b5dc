#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>

namespace hearth::app {

// Replaces sensitive strings in what the model writes before a client sees
// it: the deployment guide's (18-digit national ID numbers, mainland mobile
// numbers, passport numbers, 16–19 digit card numbers) and the
// administrator's own patterns. Streamed text arrives in pieces, so text that
// could still become part of a match is held back until it cannot; nothing
// of a match reaches the client, wherever the pieces split it. Full-width
// digits, plus signs, hyphens and spaces match as their ASCII forms.
class OutputRedactor {
public:
    // How an answer ended: by itself, or cut (max_tokens, a stop string, the
    // context) possibly in the middle of a number, whose start is then
    // redacted too: "call 138001380" must not show most of the number.
    enum class Ending { Complete, Cut };

    static QStringList defaultPatterns();
    static QString replacement() { return QStringLiteral("[REDACTED]"); }

    explicit OutputRedactor(const QStringList& patterns = defaultPatterns());

    // Empty when every pattern compiles; else the first that does not, and why.
    QString errorString() const { return m_error; }
    bool isEmpty() const { return m_patterns.isEmpty(); }

    // The part of the text so far that can be sent now, redacted.
    QString push(const QString& piece);
    // Whatever is still held back, redacted: the answer has ended.
    QString finish(Ending ending = Ending::Complete);
    // A whole text at once.
    QString redacted(const QString& text, Ending ending = Ending::Complete) const;

private:
    // Redacts m_pending up to where a match might still grow (all of it when
    // the answer has ended), and removes that part.
    QString release(std::optional<Ending> ending);

    QList<QRegularExpression> m_patterns;
    QString m_error;
    QString m_pending; // received, not yet sent
    QString m_context; // the last characters sent: what lookbehinds see
};

} // namespace hearth::app
