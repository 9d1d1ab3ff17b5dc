#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

#include "app/http/http_limits.h"
#include "app/http/http_request.h"
#include "app/http/http_request_parser.h"

class QTcpSocket;

namespace hearth::app {

class HttpResponder;

// An answer to a request's head: the body is not read, and the connection
// closes after it.
struct HttpRefusal {
    HttpAnswer answer;
    int delayMs = 0; // sent after this long (a client guessing keys waits)
};

// What the server does with requests, shared by its connections.
struct HttpHandlers {
    // Looks at a request's head before its body is read: a refusal ends it
    // (a missing key, say); it may name the request's client.
    std::function<std::optional<HttpRefusal>(HttpRequest& head)> vetHead;
    // A whole request; `responder` answers it, now or later.
    std::function<void(HttpRequest request, HttpResponder responder)> answer;
    // The body of an error the HTTP layer itself sends (400, 408, 413, 503, …).
    std::function<HttpAnswer(int status, const QString& message)> errorAnswer;
};

// One client's connection. Requests on it are answered one after the
// other, in the order they came: the next is not read until the answer
// before it is complete. Each phase has a deadline (HttpLimits) and a
// request past it gets 408 and the connection closes.
class HttpConnection : public QObject {
    Q_OBJECT
public:
    // Takes `socket`, connected; `handlers` must outlive the connection's use of them.
    HttpConnection(QTcpSocket* socket, const HttpLimits& limits, std::shared_ptr<const HttpHandlers> handlers,
        QObject* parent = nullptr);

    QTcpSocket* socket() const { return m_socket; }
    bool isConnected() const;

    // Used by HttpResponder.
    void writeBytes(const QByteArray& bytes);
    // The answer under way is complete: read the next request, or close.
    void answerFinished(bool keepAlive);
    // The answer under way will not be completed: close.
    void abandonAnswer();

signals:
    // The connection is closed; it deletes itself after this.
    void closed();

private:
    enum class Phase { Idle, Head, Body, Answering, Closing };

    void readRequests();
    void enterPhase(Phase phase);
    void timedOut();
    // An error from this layer, then the connection closes.
    void refuse(const HttpAnswer& answer);
    void close();

    QTcpSocket* m_socket;
    HttpLimits m_limits;
    std::shared_ptr<const HttpHandlers> m_handlers;
    HttpRequestParser m_parser;
    QByteArray m_buffer; // read from the socket, not parsed yet
    QTimer m_deadline;
    Phase m_phase = Phase::Idle;
};

// "Name: value\r\n"; a value cannot end the line early, whatever it holds.
QByteArray httpHeaderLine(const QByteArray& name, QByteArray value);
// "HTTP/1.1 404 Not Found\r\n"
QByteArray httpStatusLine(int status);
// The status line and headers of a complete answer, with Content-Length
// and Connection; the body is not included.
QByteArray httpAnswerHead(const HttpAnswer& answer, bool keepAlive, bool http10);

} // namespace hearth::app
