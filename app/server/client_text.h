#pragma once

#include <QString>
#include <QStringList>

#include <optional>

#include "app/server/output_redactor.h"
#include "engine/runtime/stop_strings.h"

namespace hearth::app {

// An answer's text as a client of a redacting server may see it: redacted
// first, then cut before the first of the request's stop strings. Were the
// stop strings matched before redaction (by the engine), a client could
// learn hidden digits from where its answer stops: stop at "138" and see
// whether it does. Streams piece by piece, holding back what may still
// become a match of either.
class ClientText {
public:
    ClientText(const OutputRedactor& redactor, const QStringList& stops);

    // What of `piece` can be sent now.
    QString push(const QString& piece);
    // What is still held back: the answer has ended (`ending` as for the redactor).
    QString finish(OutputRedactor::Ending ending);
    // A stop string was found: nothing more is sent, and the answer may end.
    bool stopped() const { return m_stopped; }
    const OutputRedactor& redactor() const { return m_redactor; }

private:
    QString cut(const QString& redacted);

    OutputRedactor m_redactor;
    std::optional<StopStrings> m_stops;
    bool m_stopped = false;
};

} // namespace hearth::app
