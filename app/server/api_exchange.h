#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>

#include <functional>
#include <utility>

#include "app/http/http_request.h"
#include "app/http/http_responder.h"
#include "app/server/request_record.h"

class QObject;
class QTcpSocket;

namespace hearth::app {

class EventStream;

// OpenAI's error body: {"error": {message, type, param, code}}.
QJsonObject openAiError(
    const QString& message, const QString& type, const QString& param = {}, const QString& code = {});

// One request and its answer. Every answer goes out through it, so each
// carries the headers the server adds (CORS) and each request ends in
// exactly one record: when the answer is sent, when its stream closes, or,
// when the client leaves first, with status 499 as nginx logs it.
class ApiExchange {
public:
    using Finished = std::function<void(const RequestRecord&)>;

    ApiExchange(const HttpRequest& request, HttpResponder&& responder, HttpHeaders headers, Finished finished);
    ~ApiExchange();
    ApiExchange(const ApiExchange&) = delete;
    ApiExchange& operator=(const ApiExchange&) = delete;

    RequestRecord& record() { return m_record; }
    bool isConnected() const;
    QTcpSocket* socket() const { return m_responder.socket(); }
    double elapsedS() const { return m_clock.nsecsElapsed() / 1e9; }

    void send(const QByteArray& body, const QByteArray& contentType, int status = 200, const HttpHeaders& extra = {});
    void sendJson(const QJsonObject& body, int status = 200, const HttpHeaders& extra = {});
    void sendError(int status, const QString& message, const QString& type, const QString& param = {},
        const QString& code = {}, const HttpHeaders& extra = {});
    // Sends the headers of a 200 event stream, owned by `parent`; the record
    // is written when end() is called.
    EventStream* openStream(QObject* parent);
    // The answer is complete (a stream's last event is written).
    void end(int status);

private:
    HttpResponder m_responder;
    HttpHeaders m_headers;
    Finished m_finished;
    RequestRecord m_record;
    QElapsedTimer m_clock;
    bool m_ended = false;
};

} // namespace hearth::app
