#include "app/http/http_connection.h"

#include <QMetaObject>
#include <QTcpSocket>

#include "app/http/http_responder.h"

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace hearth::app {

namespace {

// How long a closing connection, its answer written, reads and drops what
// its client still sends, so that the client reads the answer rather than
// a reset.
constexpr int lingerMs = 2000;

// Pipelined requests past this wait in the kernel until the one before is answered.
constexpr qint64 socketReadBufferBytes = 1 << 20;

// Ends what this side sends (FIN) while the socket can still read: Qt has
// no half-close, and closing with unread bytes would reset the connection.
void shutdownWrites(QTcpSocket& socket)
{
#ifdef Q_OS_WIN
    ::shutdown(static_cast<SOCKET>(socket.socketDescriptor()), SD_SEND);
#else
    ::shutdown(static_cast<int>(socket.socketDescriptor()), SHUT_WR);
#endif
}

const char* reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return status < 400 ? "OK" : status < 500 ? "Client Error" : "Server Error";
    }
}

} // namespace

QByteArray httpHeaderLine(const QByteArray& name, QByteArray value)
{
    value.replace('\r', ' ').replace('\n', ' ');
    return name + ": " + value + "\r\n";
}

QByteArray httpStatusLine(int status)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
}

QByteArray httpAnswerHead(const HttpAnswer& answer, bool keepAlive, bool http10)
{
    QByteArray head = httpStatusLine(answer.status);
    if (!answer.contentType.isEmpty())
        head += httpHeaderLine("Content-Type", answer.contentType);
    if (answer.status >= 200 && answer.status != 204 && answer.status != 304)
        head += httpHeaderLine("Content-Length", QByteArray::number(answer.body.size()));
    for (const auto& [name, value] : answer.headers)
        head += httpHeaderLine(name, value);
    if (!keepAlive)
        head += "Connection: close\r\n";
    else if (http10)
        head += "Connection: keep-alive\r\n";
    return head + "\r\n";
}

HttpConnection::HttpConnection(
    QTcpSocket* socket, const HttpLimits& limits, std::shared_ptr<const HttpHandlers> handlers, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
    , m_handlers(std::move(handlers))
    , m_parser(limits)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(socketReadBufferBytes);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &HttpConnection::timedOut);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readRequests);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_phase != Phase::Closing)
            return;
        if (m_socket->bytesToWrite() == 0) {
            shutdownWrites(*m_socket);
            m_deadline.start(lingerMs);
        } else {
            m_deadline.start(m_limits.bodyTimeoutMs); // the client is still reading: it has as long again
        }
    });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_phase = Phase::Closing;
        m_deadline.stop();
        emit closed();
        deleteLater();
    });
    enterPhase(Phase::Idle);
    QMetaObject::invokeMethod(this, &HttpConnection::readRequests, Qt::QueuedConnection);
}

bool HttpConnection::isConnected() const
{
    return m_phase != Phase::Closing && m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpConnection::readRequests()
{
    if (m_phase == Phase::Closing) {
        m_socket->readAll(); // dropped: the answer is sent and the connection is closing
        return;
    }
    if (m_phase == Phase::Answering)
        return;
    m_buffer += m_socket->readAll();
    for (;;) {
        switch (m_parser.read(m_buffer)) {
        case HttpRequestParser::Step::NeedMore:
            enterPhase(m_parser.isInsideBody() ? Phase::Body : m_parser.isInsideRequest() ? Phase::Head : Phase::Idle);
            return;
        case HttpRequestParser::Step::HeadRead: {
            HttpRequest& head = m_parser.head();
            head.peer = m_socket->peerAddress();
            if (m_handlers->vetHead) {
                if (const auto refusal = m_handlers->vetHead(head)) {
                    if (refusal->delayMs <= 0) {
                        refuse(refusal->answer);
                        return;
                    }
                    enterPhase(Phase::Answering); // nothing more is read
                    QTimer::singleShot(refusal->delayMs, this, [this, answer = refusal->answer] { refuse(answer); });
                    return;
                }
            }
            // curl and others wait for this before they send a large body.
            if (head.versionMinor >= 1 && head.value("Expect").compare("100-continue", Qt::CaseInsensitive) == 0)
                writeBytes(httpStatusLine(100) + "\r\n");
            break;
        }
        case HttpRequestParser::Step::RequestRead: {
            HttpRequest request = m_parser.takeRequest();
            enterPhase(Phase::Answering);
            HttpResponder responder(this, request);
            m_handlers->answer(std::move(request), std::move(responder));
            return;
        }
        case HttpRequestParser::Step::Failed:
            refuse(m_handlers->errorAnswer(m_parser.errorStatus(), m_parser.errorMessage()));
            return;
        }
    }
}

void HttpConnection::enterPhase(Phase phase)
{
    if (phase == m_phase && m_deadline.isActive())
        return; // the phase's deadline runs from when it began, not from the last byte
    m_phase = phase;
    switch (phase) {
    case Phase::Idle:
        m_deadline.start(m_limits.idleTimeoutMs);
        break;
    case Phase::Head:
        m_deadline.start(m_limits.headerTimeoutMs);
        break;
    case Phase::Body:
        m_deadline.start(m_limits.bodyTimeoutMs);
        break;
    case Phase::Answering:
        m_deadline.stop();
        break;
    case Phase::Closing:
        // Lingering starts once the answer is all written; a client reading
        // it slowly has a body's deadline between reads.
        m_deadline.start(m_socket->bytesToWrite() == 0 ? lingerMs : m_limits.bodyTimeoutMs);
        break;
    }
}

void HttpConnection::timedOut()
{
    switch (m_phase) {
    case Phase::Idle:
        close();
        break;
    case Phase::Head:
    case Phase::Body:
        refuse(m_handlers->errorAnswer(408,
            QStringLiteral("The request did not arrive in time (%1 s for its headers, %2 s for its body)")
                .arg(m_limits.headerTimeoutMs / 1000.0)
                .arg(m_limits.bodyTimeoutMs / 1000.0)));
        break;
    case Phase::Answering:
        break;
    case Phase::Closing:
        m_socket->abort();
        break;
    }
}

void HttpConnection::writeBytes(const QByteArray& bytes)
{
    if (isConnected())
        m_socket->write(bytes);
}

void HttpConnection::answerFinished(bool keepAlive)
{
    if (m_phase != Phase::Answering)
        return;
    if (!keepAlive) {
        close();
        return;
    }
    enterPhase(Phase::Idle);
    // The next request, pipelined or still to come, once this call has returned.
    QMetaObject::invokeMethod(this, &HttpConnection::readRequests, Qt::QueuedConnection);
}

void HttpConnection::abandonAnswer()
{
    if (m_phase == Phase::Answering)
        close();
}

void HttpConnection::refuse(const HttpAnswer& answer)
{
    if (!isConnected())
        return;
    m_socket->write(httpAnswerHead(answer, false, false) + answer.body);
    close();
}

void HttpConnection::close()
{
    if (m_phase == Phase::Closing)
        return;
    enterPhase(Phase::Closing);
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_buffer.clear();
    if (m_socket->bytesToWrite() == 0)
        shutdownWrites(*m_socket);
    m_socket->readAll();
}

} // namespace hearth::app
