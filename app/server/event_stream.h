#pragma once

#include <QByteArray>
#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace hearth::app {

// A Server-Sent Events response on QtHttpServer 6.4, which has no chunked
// responses and whose responder keeps a raw pointer to its socket: the
// headers go out with the first event (no Content-Length; the body ends
// when the connection closes), each event is framed here, and every write
// first checks that the client is still there, because writing to a socket
// that is gone crashes. Until the first event, the answer can still be a
// plain error. Lives on the server's thread.
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
    // Whether the stream's headers and an event have gone out.
    bool hasStarted() const { return m_started; }
    // Before the first event: a plain response with `status` and a JSON body
    // instead of a stream, which then ends. false when too late or the client has gone.
    bool refuse(int status, const QByteArray& json);
    // Ends the response: the connection closes after what was written.
    void close();

signals:
    // The client disconnected before close(): stop producing events.
    void clientGone();

private:
    void start();

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    bool m_started = false;
    bool m_closed = false;
};

} // namespace hearth::app
