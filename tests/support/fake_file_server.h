#pragma once

// A loopback HTTP server for download tests: serves one file with range
// support ("bytes=a-" and "bytes=a-b") at /file (and a redirect to it at /redirect), and misbehaves on
// demand — cuts connections mid-file, stalls, ignores ranges, answers an
// error status.
// Written on QTcpServer rather than QHttpServer so that it can cut a response
// wherever a test asks.

#include <QMap>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace hearth::test {

class FakeFileServer : public QTcpServer {
public:
    QByteArray content;
    int dropAfterBytes = -1; // with dropTimes: close after this many body bytes
    int dropTimes = 0;
    bool ignoreRange = false; // answer 200 with the whole file to a range request
    int forcedStatus = 0; // 404, 401, …: answer that instead
    int forcedTimes = -1; // how many times; -1: always
    int stallAfterBytes = -1; // with stallTimes: send this many body bytes, then nothing
    int stallTimes = 0;
    QList<QByteArray> rangesSeen; // each request's Range header ("" when none)
    QByteArray filePath = "/file"; // where `content` is served
    QMap<QByteArray, QByteArray> files; // more files, by path, served like `content`
    int throttleBytes = 0; // > 0: send the body this many bytes every 10 ms
    QList<QByteArray> pathsSeen; // each file request's path, in order
    QList<QByteArray> authorizationsSeen; // each file request's Authorization header
    QByteArray redirectTo = "/file"; // where /redirect sends the client (a CDN, say)
    QByteArray redirectHeaders; // sent with the redirect ("X-Linked-Etag: …\r\n")
    QMap<QByteArray, QByteArray> pages; // other paths answered with this JSON
    qint64 bodyBytesSent = 0;

    FakeFileServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { serve(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }

    QUrl url(const QString& path = QStringLiteral("/file")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path));
    }

private:
    void serve(QTcpSocket* socket)
    {
        QByteArray request = socket->property("request").toByteArray() + socket->readAll();
        if (!request.contains("\r\n\r\n")) {
            socket->setProperty("request", request);
            return;
        }
        socket->setProperty("request", QByteArray());
        const QByteArray path = request.split(' ').value(1);
        QByteArray range;
        QByteArray authorization;
        for (const QByteArray& line : request.split('\n')) {
            if (line.toLower().startsWith("range:"))
                range = line.mid(6).trimmed();
            if (line.toLower().startsWith("authorization:"))
                authorization = line.mid(14).trimmed();
        }
        const QByteArray bare = path.left(path.indexOf('?') < 0 ? path.size() : path.indexOf('?'));
        if (pages.contains(bare)) {
            const QByteArray page = pages.value(bare);
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(page.size()) + "\r\n\r\n" + page);
            return;
        }
        const bool extra = files.contains(bare);
        const QByteArray& served = extra ? files[bare] : content;
        if (bare != filePath && !extra && path != "/redirect") {
            socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            return;
        }
        if (path == "/redirect") {
            socket->write("HTTP/1.1 302 Found\r\nLocation: " + redirectTo + "\r\n" + redirectHeaders
                + "Content-Length: 0\r\n\r\n");
            return;
        }
        rangesSeen << range;
        pathsSeen << bare;
        authorizationsSeen << authorization;
        if (forcedStatus && forcedTimes != 0) {
            if (forcedTimes > 0)
                --forcedTimes;
            socket->write("HTTP/1.1 " + QByteArray::number(forcedStatus) + " Refused\r\nContent-Length: 2\r\n\r\nno");
            socket->disconnectFromHost();
            return;
        }
        qint64 start = 0;
        qint64 end = served.size() - 1; // inclusive, as ranges count
        const bool ranged = range.startsWith("bytes=") && !ignoreRange;
        if (ranged) {
            start = range.mid(6, range.indexOf('-') - 6).toLongLong();
            const QByteArray last = range.mid(range.indexOf('-') + 1);
            if (!last.isEmpty())
                end = std::min(end, last.toLongLong());
        }
        if (start >= served.size() && start > 0) {
            socket->write("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */"
                + QByteArray::number(served.size()) + "\r\nContent-Length: 0\r\n\r\n");
            return;
        }
        QByteArray body = served.mid(start, end - start + 1);
        QByteArray head = ranged && (start > 0 || end < served.size() - 1)
            ? "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + QByteArray::number(start) + "-"
                + QByteArray::number(end) + "/" + QByteArray::number(served.size()) + "\r\n"
            : QByteArray("HTTP/1.1 200 OK\r\n");
        head += "Content-Type: application/octet-stream\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\nConnection: close\r\n\r\n";
        if (dropTimes > 0 && dropAfterBytes >= 0) {
            --dropTimes;
            body = body.left(dropAfterBytes);
        }
        if (stallTimes > 0 && stallAfterBytes >= 0) {
            --stallTimes;
            body = body.left(stallAfterBytes);
            bodyBytesSent += body.size();
            socket->write(head + body);
            return; // the connection stays open, silent
        }
        bodyBytesSent += body.size();
        if (throttleBytes > 0) {
            socket->write(head);
            sendSlowly(socket, body);
            return;
        }
        socket->write(head + body);
        socket->disconnectFromHost(); // after what was written; early when cut
    }

    void sendSlowly(QTcpSocket* socket, QByteArray body)
    {
        auto* timer = new QTimer(socket);
        auto sent = std::make_shared<qint64>(0);
        connect(timer, &QTimer::timeout, socket, [this, socket, timer, body, sent] {
            socket->write(body.mid(*sent, throttleBytes));
            *sent += throttleBytes;
            if (*sent >= body.size()) {
                timer->stop();
                socket->disconnectFromHost();
            }
        });
        timer->start(10);
    }
};

} // namespace hearth::test
