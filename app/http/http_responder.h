#pragma once

#include <QByteArray>
#include <QPointer>

#include "app/http/http_request.h"

class QTcpSocket;

namespace hearth::app {

class HttpConnection;

// The answer to one request, given once: whole with send(), or in pieces
// with startStream(), write() and endStream() (chunked on HTTP/1.1, so the
// connection can carry the next request; until the connection closes on
// HTTP/1.0). A responder dropped before its answer is complete closes the
// connection: the client cannot mistake a cut answer for a whole one.
class HttpResponder {
public:
    HttpResponder() = default;
    HttpResponder(HttpConnection* connection, const HttpRequest& request);
    HttpResponder(HttpResponder&& other) noexcept;
    HttpResponder& operator=(HttpResponder&& other) noexcept;
    HttpResponder(const HttpResponder&) = delete;
    HttpResponder& operator=(const HttpResponder&) = delete;
    ~HttpResponder();

    // Whether the client is still there to read an answer.
    bool isConnected() const;
    // The client's socket, for its disconnected() signal; null once it has gone.
    QTcpSocket* socket() const;

    void send(const HttpAnswer& answer);
    void startStream(int status, const HttpHeaders& headers);
    void write(const QByteArray& piece);
    void endStream();

private:
    void abandon();

    QPointer<HttpConnection> m_connection;
    bool m_headOnly = false; // a HEAD request: headers only
    bool m_keepAlive = false;
    bool m_chunked = false;
    bool m_started = false;
    bool m_done = true;
};

} // namespace hearth::app
