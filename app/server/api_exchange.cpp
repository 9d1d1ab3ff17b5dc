#include "app/server/api_exchange.h"

#include <QJsonDocument>

#include "app/server/event_stream.h"

namespace hearth::app {

QJsonObject openAiError(const QString& message, const QString& type, const QString& param, const QString& code)
{
    return { { QStringLiteral("error"),
        QJsonObject {
            { QStringLiteral("message"), message },
            { QStringLiteral("type"), type },
            { QStringLiteral("param"), param.isEmpty() ? QJsonValue() : QJsonValue(param) },
            { QStringLiteral("code"), code.isEmpty() ? QJsonValue() : QJsonValue(code) },
        } } };
}

ApiExchange::ApiExchange(const HttpRequest& request, HttpResponder&& responder, HttpHeaders headers, Finished finished)
    : m_responder(std::move(responder))
    , m_headers(std::move(headers))
    , m_finished(std::move(finished))
{
    m_clock.start();
    m_record.time = QDateTime::currentDateTimeUtc();
    m_record.method = QString::fromLatin1(request.method);
    // Logs and the audit keep a bounded path, whatever a client sends, as
    // sent: decoded, a %0A would start a forged line in the request log.
    m_record.path = request.url.path(QUrl::FullyEncoded).left(256);
    m_record.keyName = request.client;
}

ApiExchange::~ApiExchange()
{
    end(499); // nothing was sent: the client left first
}

bool ApiExchange::isConnected() const
{
    return m_responder.isConnected();
}

void ApiExchange::sendJson(const QJsonObject& body, int status, const HttpHeaders& extra)
{
    send(status == 204 ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", status,
        extra);
}

void ApiExchange::send(const QByteArray& bytes, const QByteArray& contentType, int status, const HttpHeaders& extra)
{
    const bool connected = isConnected();
    m_responder.send({ status, contentType, bytes, m_headers + extra });
    end(connected ? status : 499);
}

void ApiExchange::sendError(int status, const QString& message, const QString& type, const QString& param,
    const QString& code, const HttpHeaders& extra)
{
    sendJson(openAiError(message, type, param, code), status, extra);
}

EventStream* ApiExchange::openStream(QObject* parent)
{
    m_record.streamed = true;
    return new EventStream(std::move(m_responder), m_headers, parent);
}

void ApiExchange::end(int status)
{
    if (m_ended)
        return;
    m_ended = true;
    m_record.status = status;
    m_record.latencyS = elapsedS();
    if (m_finished)
        m_finished(m_record);
}

} // namespace hearth::app
