#pragma once

#include <QtGlobal>

namespace hearth::app {

// What one client may ask of the HTTP server. Every limit is there because
// a client can hold a socket, memory or the event loop without it: a
// header sent a byte a second, a connection kept open and idle, a body of
// gigabytes, a path of megabytes.
struct HttpLimits {
    int headerTimeoutMs = 10'000; // from a request's first byte to its blank line
    int bodyTimeoutMs = 30'000; // from the blank line to the body's last byte
    int idleTimeoutMs = 15'000; // a connection with no request under way
    qsizetype maxTargetBytes = 8 << 10; // the request line's path and query
    qsizetype maxHeaderBytes = 64 << 10; // every header's name and value together
    int maxHeaders = 100;
    qsizetype maxBodyBytes = 8 << 20;
    int maxConnectionsPerAddress = 32;
    int maxConnections = 512;
};

} // namespace hearth::app
