#pragma once

// A forwarding HTTP proxy on loopback for tests: takes absolute-URI requests
// ("GET http://host:port/path HTTP/1.1"), notes them, and relays them to the
// origin and its answer back. Only plain http; enough to show that a client
// goes through a proxy. Can demand a Proxy-Authorization header. Hosts named
// *.test are this machine, reachable through the proxy only.

#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace hearth::test {

class FakeHttpProxy : public QTcpServer {
public:
    QList<QUrl> requests; // every URL asked for through the proxy
    QByteArray requiredAuthorization; // "Basic …"; empty: none needed

    FakeHttpProxy()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* client = nextPendingConnection()) {
                connect(client, &QTcpSocket::readyRead, client, [this, client] { read(client); });
                connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort())); }

private:
    void read(QTcpSocket* client)
    {
        QByteArray head = client->property("head").toByteArray() + client->readAll();
        auto* previous = client->property("origin").value<QTcpSocket*>();
        if (previous && head.indexOf(" http://") != head.indexOf(' ')) {
            previous->write(head); // a request body
            return;
        }
        if (previous) { // the client sends its next request on the same connection
            client->setProperty("origin", QVariant());
            previous->disconnect(client);
            previous->deleteLater();
        }
        const int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            client->setProperty("head", head);
            return;
        }
        client->setProperty("head", QByteArray());
        const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
        const QUrl target(QString::fromLatin1(requestLine.value(1)));
        QByteArray forwarded = requestLine.value(0) + ' ' + target.path(QUrl::FullyEncoded).toLatin1()
            + (target.hasQuery() ? '?' + target.query(QUrl::FullyEncoded).toLatin1() : QByteArray()) + ' '
            + requestLine.value(2) + "\r\n";
        QByteArray authorization;
        for (const QByteArray& line : head.mid(head.indexOf("\r\n") + 2, end - head.indexOf("\r\n") - 2).split('\n')) {
            const QByteArray trimmed = line.trimmed();
            if (trimmed.toLower().startsWith("proxy-authorization:"))
                authorization = trimmed.mid(20).trimmed();
            else if (!trimmed.toLower().startsWith("proxy-") && !trimmed.toLower().startsWith("connection:")
                && !trimmed.isEmpty())
                forwarded += trimmed + "\r\n";
        }
        // One request per connection, so that each is seen here.
        forwarded += "Connection: close\r\n\r\n" + head.mid(end + 4);
        if (!requiredAuthorization.isEmpty() && authorization != requiredAuthorization) {
            client->write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                          "Content-Length: 0\r\n\r\n");
            return;
        }
        requests << target;
        auto* origin = new QTcpSocket(client);
        client->setProperty("origin", QVariant::fromValue(origin));
        connect(origin, &QTcpSocket::connected, origin, [origin, forwarded] { origin->write(forwarded); });
        connect(origin, &QTcpSocket::readyRead, client, [origin, client] { client->write(origin->readAll()); });
        connect(origin, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        connect(client, &QTcpSocket::disconnected, origin, [origin] { origin->abort(); });
        // Names ending in .test (reserved, never resolved) stand for hosts only the proxy reaches.
        const QString host
            = target.host().endsWith(QStringLiteral(".test")) ? QStringLiteral("127.0.0.1") : target.host();
        origin->connectToHost(host, quint16(target.port(80)));
    }
};

} // namespace hearth::test
