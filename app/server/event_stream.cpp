#include "app/server/event_stream.h"

#include <QTcpSocket>

namespace hearth::app {

EventStream::EventStream(HttpResponder&& responder, const HttpHeaders& headers, QObject* parent)
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
    m_responder.startStream(200,
        HttpHeaders {
            { "Content-Type", "text/event-stream; charset=utf-8" },
            { "Cache-Control", "no-cache" },
            // nginx and other proxies: pass each event on as it comes.
            { "X-Accel-Buffering", "no" },
        } + m_headers);
}

EventStream::~EventStream()
{
    close();
}

bool EventStream::isOpen() const
{
    return !m_closed && m_responder.isConnected();
}

bool EventStream::send(const QByteArray& data)
{
    if (!isOpen())
        return false;
    start();
    m_responder.write("data: " + data + "\n\n");
    return true;
}

bool EventStream::refuse(int status, const QByteArray& json)
{
    if (m_started || !isOpen())
        return false;
    m_started = true;
    m_closed = true;
    m_responder.send({ status, "application/json", json, m_headers });
    return true;
}

void EventStream::close()
{
    if (m_closed)
        return;
    m_closed = true;
    // A stream that never started has no answer: dropping the responder
    // closes the connection.
    if (m_started)
        m_responder.endStream();
    else
        m_responder = HttpResponder();
}

} // namespace hearth::app
