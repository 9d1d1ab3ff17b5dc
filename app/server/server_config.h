#pragma once

#include <QHostAddress>
#include <QList>
#include <QStringList>

#include "app/server/api_key.h"

namespace hearth::app {

// How the API server listens, whom it lets in and what it accepts.
struct ServerConfig {
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8080; // 0: a free one
    QList<ApiKey> keys; // empty: no key needed (allowed on loopback only)
    qsizetype maxBodyBytes = 8 << 20; // larger bodies get 413
    int maxInFlight = 16; // answering or waiting for the engine; more get 503
    QStringList corsOrigins; // browser origins allowed ("*": any); empty: none
    QStringList redactionPatterns; // applied to every answer; empty: off
    bool recordText = false; // audit records keep prompts and answers
};

} // namespace hearth::app
