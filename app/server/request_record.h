#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace hearth::app {

// One API request as the metrics, the live log and the audit log see it.
struct RequestRecord {
    QDateTime time; // when it arrived
    QString keyName; // empty when the server needs no key
    QString method;
    QString path;
    QString model;
    int status = 0;
    int promptTokens = 0;
    int completionTokens = 0;
    double latencyS = 0; // from arrival to the last byte
    double timeToFirstTokenS = 0; // streamed and whole answers; 0 when none
    bool streamed = false;
    int heldTokens = 0; // held against the key's tokens per minute while it ran
    // Only when the administrator records text.
    QString prompt;
    QString answer;
};

} // namespace hearth::app

Q_DECLARE_METATYPE(hearth::app::RequestRecord)
