#include "server/event_stream.h"

#include <QTcpSocket>

namespace hearth::app {

EventStream::EventStream(
    QHttpServerResponder&& responder, const QList<std::pair<QByteArray, QByteArray>>& headers, QObject* parent)
    : QObject(parent)
    , m_responder(std::move(responder))
    , m_socket(m_responder.socket())
    , m_headers(headers)
{
    if (m_socket)
        connect(m_socket, &QTcpSocket::disconnected, this, [this] {
            if (!m_closed)
                emit clientGone();
        });
}

void EventStream::start()
{
    if (m_started)
        return;
    m_started = true;
    m_responder.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    m_responder.writeHeaders({
        { "Content-Type", "text/event-stream; charset=utf-8" },
        { "Cache-Control", "no-cache" },
        { "Connection", "close" },
        // nginx and other proxies: pass each event on as it comes.
        { "X-Accel-Buffering", "no" },
    });
    for (const auto& [name, value] : std::as_const(m_headers))
        m_responder.writeHeader(name, value);
}

EventStream::~EventStream()
{
    close();
}

bool EventStream::isOpen() const
{
    return !m_closed && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool EventStream::send(const QByteArray& data)
{
    if (!isOpen())
        return false;
    start();
    m_responder.writeBody("data: " + data + "\n\n");
    return true;
}

bool EventStream::refuse(int status, const QByteArray& json)
{
    if (m_started || !isOpen())
        return false;
    m_started = true;
    m_responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    m_responder.writeHeaders({ { "Content-Type", "application/json" },
        { "Content-Length", QByteArray::number(json.size()) }, { "Connection", "close" } });
    for (const auto& [name, value] : std::as_const(m_headers))
        m_responder.writeHeader(name, value);
    m_responder.writeBody(json);
    close();
    return true;
}

void EventStream::close()
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
}

} // namespace hearth::app
