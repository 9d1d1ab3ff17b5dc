#pragma once

// A client that writes raw bytes to an HTTP server on this thread and reads
// its answers back as they are framed on the wire (Content-Length, chunked,
// or until the connection closes), so that tests can send what no HTTP
// library would and check that every answer is well formed.
#include <QByteArray>
#include <QList>
#include <QTcpSocket>
#include <QTest>

#include <optional>

namespace hearth::test {

struct RawAnswer {
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [field, value] : headers)
            if (field.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
};

// Takes one answer from the front of `bytes`; nullopt when it is not complete
// yet. `closed`: no more bytes will come. Sets `malformed` when the bytes
// cannot be an HTTP answer.
inline std::optional<RawAnswer> takeAnswer(QByteArray& bytes, bool closed, bool headOnly, bool* malformed)
{
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0) {
        if (closed && !bytes.isEmpty() && malformed)
            *malformed = true;
        return std::nullopt;
    }
    RawAnswer answer;
    QList<QByteArray> lines = bytes.left(end + 2).split('\n');
    lines.removeLast(); // after the last line's \r\n
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    bool number = false;
    if (statusLine.size() < 2 || !statusLine[0].startsWith("HTTP/1.") || statusLine[1].size() != 3
        || (answer.status = statusLine[1].toInt(&number), !number)) {
        if (malformed)
            *malformed = true;
        return std::nullopt;
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0 || !lines[i].endsWith('\r')) {
            if (malformed)
                *malformed = true;
            return std::nullopt;
        }
        answer.headers.append({ lines[i].left(colon), lines[i].mid(colon + 1).trimmed() });
    }
    QByteArray rest = bytes.mid(end + 4);
    const bool noBody = headOnly || answer.status == 204 || answer.status == 304 || answer.status < 200;
    if (noBody) {
        bytes = rest;
        return answer;
    }
    if (answer.header("Transfer-Encoding").compare("chunked", Qt::CaseInsensitive) == 0) {
        qsizetype at = 0;
        QByteArray body;
        for (;;) {
            const qsizetype lineEnd = rest.indexOf("\r\n", at);
            if (lineEnd < 0)
                return std::nullopt;
            bool ok = false;
            const qsizetype size = rest.mid(at, lineEnd - at).toLongLong(&ok, 16);
            if (!ok || size < 0) {
                if (malformed)
                    *malformed = true;
                return std::nullopt;
            }
            if (rest.size() < lineEnd + 2 + size + 2)
                return std::nullopt;
            if (size == 0) {
                answer.body = body;
                bytes = rest.mid(lineEnd + 4);
                return answer;
            }
            body += rest.mid(lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
    const QByteArray length = answer.header("Content-Length");
    if (!length.isEmpty()) {
        const qsizetype size = length.toLongLong();
        if (rest.size() < size)
            return std::nullopt;
        answer.body = rest.left(size);
        bytes = rest.mid(size);
        return answer;
    }
    if (!closed)
        return std::nullopt;
    answer.body = rest;
    bytes.clear();
    return answer;
}

class RawHttpClient {
public:
    explicit RawHttpClient(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { m_received += m_socket.readAll(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, [this] {
            m_received += m_socket.readAll();
            m_closed = true;
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        // A connection refused shows as an answer that never comes.
        static_cast<void>(
            QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState || m_closed; }, 5000));
    }

    ~RawHttpClient() { m_socket.disconnect(); }
    RawHttpClient(const RawHttpClient&) = delete;
    RawHttpClient& operator=(const RawHttpClient&) = delete;

    void write(const QByteArray& bytes)
    {
        if (m_socket.state() == QAbstractSocket::ConnectedState)
            m_socket.write(bytes);
    }
    // Waits until an answer is complete (or the connection closes, or `ms` pass).
    std::optional<RawAnswer> answer(int ms = 5000, bool headOnly = false)
    {
        std::optional<RawAnswer> taken;
        static_cast<void>(QTest::qWaitFor(
            [&] {
                taken = takeAnswer(m_received, m_closed, headOnly, &m_malformed);
                return taken || m_malformed || m_closed;
            },
            ms));
        if (!taken)
            taken = takeAnswer(m_received, m_closed, headOnly, &m_malformed);
        return taken;
    }
    bool waitForClose(int ms = 5000)
    {
        return QTest::qWaitFor([this] { return m_closed; }, ms);
    }
    bool isClosed() const { return m_closed; }
    bool sawMalformedAnswer() const { return m_malformed; }
    const QByteArray& unread() const { return m_received; }
    QTcpSocket& socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_closed = false;
    bool m_malformed = false;
};

} // namespace hearth::test
