#pragma once

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTcpServer>

#include <memory>

#include "app/http/http_connection.h"
#include "app/http/http_limits.h"

namespace hearth::app {

// An HTTP/1.1 server on QTcpServer, for clients that may be hostile: it
// reads each request's head before its body, so a refusal (no key, a body
// too large) costs no more than the head; it bounds every phase of a
// request in time and size (HttpLimits), caps the connections one address
// may hold, and answers a connection's requests in order. QtHttpServer
// reads a whole body before any handler sees the request, and keeps idle
// and slow connections for ever.
class HttpServer : public QObject {
    Q_OBJECT
public:
    explicit HttpServer(QObject* parent = nullptr);

    // For connections accepted from now on.
    void setLimits(const HttpLimits& limits) { m_limits = limits; }
    const HttpLimits& limits() const { return m_limits; }
    void setHandlers(HttpHandlers handlers);

    // The port listened on (a free one when `port` is 0), or 0.
    quint16 listen(const QHostAddress& address, quint16 port);
    QString errorString() const { return m_tcp.errorString(); }
    int connectionCount() const { return m_connections; }

private:
    void acceptConnections();
    void closed(const QHostAddress& peer);

    QTcpServer m_tcp;
    HttpLimits m_limits;
    std::shared_ptr<HttpHandlers> m_handlers;
    QHash<QHostAddress, int> m_connectionsByAddress;
    int m_connections = 0;
};

} // namespace hearth::app
