#pragma once

#include <QByteArray>
#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace hearth::app {

// A Server-Sent Events response on QtHttpServer 6.4, which has no chunked
// responses and whose responder keeps a raw pointer to its socket: the
// headers go out at once (no Content-Length; the body ends when the
// connection closes), each event is framed here, and every write first
// checks that the client is still there, because writing to a socket that
// is gone crashes. Lives on the server's thread.
class EventStream : public QObject {
    Q_OBJECT
public:
    // `headers`: more to send besides the event stream's own (CORS).
    EventStream(QHttpServerResponder&& responder, const QList<std::pair<QByteArray, QByteArray>>& headers,
        QObject* parent = nullptr);
    ~EventStream() override; // closes the connection

    // false once the client has gone; nothing is written then.
    bool isOpen() const;
    // One event: "data: <data>\n\n". false when the client has gone.
    bool send(const QByteArray& data);
    // Ends the response: the connection closes after what was written.
    void close();

signals:
    // The client disconnected before close(): stop producing events.
    void clientGone();

private:
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    bool m_closed = false;
};

} // namespace hearth::app
