#include "app/http/http_server.h"

#include <QTcpSocket>

namespace hearth::app {

HttpServer::HttpServer(QObject* parent)
    : QObject(parent)
    , m_handlers(std::make_shared<HttpHandlers>())
{
    m_tcp.setParent(this); // moves with the server to another thread
    m_handlers->errorAnswer = [](int status, const QString& message) {
        return HttpAnswer { status, "text/plain; charset=utf-8", message.toUtf8(), {} };
    };
    connect(&m_tcp, &QTcpServer::newConnection, this, &HttpServer::acceptConnections);
}

void HttpServer::setHandlers(HttpHandlers handlers)
{
    if (!handlers.errorAnswer)
        handlers.errorAnswer = m_handlers->errorAnswer;
    // Connections open now keep the handlers they started with.
    m_handlers = std::make_shared<HttpHandlers>(std::move(handlers));
}

quint16 HttpServer::listen(const QHostAddress& address, quint16 port)
{
    if (!m_tcp.listen(address, port))
        return 0;
    return m_tcp.serverPort();
}

void HttpServer::acceptConnections()
{
    while (QTcpSocket* socket = m_tcp.nextPendingConnection()) {
        const QHostAddress peer = socket->peerAddress();
        int& fromPeer = m_connectionsByAddress[peer];
        if (fromPeer >= m_limits.maxConnectionsPerAddress || m_connections >= m_limits.maxConnections) {
            const bool busy = m_connections >= m_limits.maxConnections;
            if (fromPeer == 0)
                m_connectionsByAddress.remove(peer);
            const HttpAnswer answer = m_handlers->errorAnswer(503,
                busy ? QStringLiteral("The server has %1 connections open; retry shortly").arg(m_connections)
                     : QStringLiteral("This address has %1 connections open, the most it may; close one first")
                           .arg(m_limits.maxConnectionsPerAddress));
            socket->write(httpAnswerHead(answer, false, false) + answer.body);
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();
            continue;
        }
        ++fromPeer;
        ++m_connections;
        auto* connection = new HttpConnection(socket, m_limits, m_handlers, this);
        connect(connection, &HttpConnection::closed, this, [this, peer] { closed(peer); });
    }
}

void HttpServer::closed(const QHostAddress& peer)
{
    --m_connections;
    const auto it = m_connectionsByAddress.find(peer);
    if (it != m_connectionsByAddress.end() && --*it <= 0)
        m_connectionsByAddress.erase(it);
}

} // namespace hearth::app
