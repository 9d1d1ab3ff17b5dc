#pragma once

#include <QCoreApplication>
#include <QString>

namespace hearth::app {

// How a transfer's speed and time left read, in the terminal and the window.
class TransferText {
    Q_DECLARE_TR_FUNCTIONS(TransferText)
public:
    // "12.5 MB/s"
    static QString speed(double bytesPerSecond);
    // "45 s", "3 min 20 s", "2 h 5 min"; "—" when not known (negative).
    static QString timeLeft(qint64 seconds);
    // "1.2 GB of 4.7 GB"; the total omitted when not known (negative).
    static QString progress(qint64 received, qint64 total);
};

} // namespace hearth::app
