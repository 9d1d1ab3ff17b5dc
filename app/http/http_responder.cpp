#include "app/http/http_responder.h"

#include "app/http/http_connection.h"

namespace hearth::app {

HttpResponder::HttpResponder(HttpConnection* connection, const HttpRequest& request)
    : m_connection(connection)
    , m_headOnly(request.method == "HEAD")
    , m_keepAlive(request.keepAlive)
    , m_chunked(request.versionMinor >= 1)
    , m_done(false)
{ }

HttpResponder::HttpResponder(HttpResponder&& other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr))
    , m_headOnly(other.m_headOnly)
    , m_keepAlive(other.m_keepAlive)
    , m_chunked(other.m_chunked)
    , m_started(other.m_started)
    , m_done(std::exchange(other.m_done, true))
{ }

HttpResponder& HttpResponder::operator=(HttpResponder&& other) noexcept
{
    if (this != &other) {
        if (!m_done)
            abandon();
        m_connection = std::exchange(other.m_connection, nullptr);
        m_headOnly = other.m_headOnly;
        m_keepAlive = other.m_keepAlive;
        m_chunked = other.m_chunked;
        m_started = other.m_started;
        m_done = std::exchange(other.m_done, true);
    }
    return *this;
}

HttpResponder::~HttpResponder()
{
    if (!m_done)
        abandon();
}

bool HttpResponder::isConnected() const
{
    return m_connection && m_connection->isConnected();
}

QTcpSocket* HttpResponder::socket() const
{
    return m_connection ? m_connection->socket() : nullptr;
}

void HttpResponder::send(const HttpAnswer& answer)
{
    if (m_done || m_started)
        return;
    m_done = true;
    if (!isConnected())
        return;
    m_connection->writeBytes(
        httpAnswerHead(answer, m_keepAlive, !m_chunked) + (m_headOnly ? QByteArray() : answer.body));
    m_connection->answerFinished(m_keepAlive);
}

void HttpResponder::startStream(int status, const HttpHeaders& headers)
{
    if (m_done || m_started)
        return;
    m_started = true;
    // Without chunks, only the end of the connection tells where the body ends.
    m_keepAlive = m_keepAlive && m_chunked;
    QByteArray head = httpStatusLine(status);
    for (const auto& [name, value] : headers)
        head += httpHeaderLine(name, value);
    if (m_chunked)
        head += "Transfer-Encoding: chunked\r\n";
    if (!m_keepAlive)
        head += "Connection: close\r\n";
    if (isConnected())
        m_connection->writeBytes(head + "\r\n");
    if (m_headOnly) {
        m_done = true;
        if (m_connection)
            m_connection->answerFinished(m_keepAlive);
    }
}

void HttpResponder::write(const QByteArray& piece)
{
    if (!m_started || m_done || piece.isEmpty() || !isConnected())
        return;
    m_connection->writeBytes(m_chunked ? QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n" : piece);
}

void HttpResponder::endStream()
{
    if (!m_started || m_done)
        return;
    m_done = true;
    if (!m_connection)
        return;
    if (m_chunked)
        m_connection->writeBytes("0\r\n\r\n");
    m_connection->answerFinished(m_keepAlive);
}

void HttpResponder::abandon()
{
    m_done = true;
    if (m_connection)
        m_connection->abandonAnswer();
}

} // namespace hearth::app
