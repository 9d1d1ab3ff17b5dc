#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>

#include "app/http/http_request.h"
#include "app/http/http_responder.h"

class QTcpSocket;

namespace hearth::app {

// A Server-Sent Events response: the headers go out with the first event,
// so that until then the answer can still be a plain error; each event is
// framed here. Lives on the server's thread.
class EventStream : public QObject {
    Q_OBJECT
public:
    // `headers`: more to send besides the event stream's own (CORS).
    EventStream(HttpResponder&& responder, const HttpHeaders& headers, QObject* parent = nullptr);
    ~EventStream() override; // ends the stream

    // false once the client has gone; nothing is written then.
    bool isOpen() const;
    // One event: "data: <data>\n\n". false when the client has gone.
    bool send(const QByteArray& data);
    // Whether the stream's headers and an event have gone out.
    bool hasStarted() const { return m_started; }
    // Before the first event: a plain response with `status` and a JSON body
    // instead of a stream, which then ends. false when too late or the client has gone.
    bool refuse(int status, const QByteArray& json);
    // Ends the response after what was written.
    void close();

signals:
    // The client disconnected before close(): stop producing events.
    void clientGone();

private:
    void start();

    HttpResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    HttpHeaders m_headers;
    bool m_started = false;
    bool m_closed = false;
};

} // namespace hearth::app
