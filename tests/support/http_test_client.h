#pragma once

// A blocking HTTP client for tests of the API server: one request at a
// time, with the status, headers and body of the answer.
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>

namespace hearth::test {

struct HttpResponse {
    int status = 0; // 0: no answer (refused, or timed out)
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
};

class HttpTestClient {
public:
    explicit HttpTestClient(quint16 port = 0)
        : m_port(port)
    { }
    void setPort(quint16 port) { m_port = port; }
    void setApiKey(const QByteArray& key) { m_key = key; }

    QNetworkRequest request(const QString& path) const
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
        if (!m_key.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + m_key);
        return request;
    }

    HttpResponse get(const QString& path) { return send(request(path), {}, "GET"); }

    HttpResponse post(const QString& path, const QByteArray& body)
    {
        QNetworkRequest r = request(path);
        r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        return send(r, body, "POST");
    }

    HttpResponse send(const QNetworkRequest& request, const QByteArray& body, const QByteArray& verb)
    {
        QNetworkReply* reply = m_network.sendCustomRequest(request, verb, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(20000);
        HttpResponse response { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
            reply->rawHeaderPairs() };
        reply->deleteLater();
        return response;
    }

    QNetworkAccessManager& network() { return m_network; }

private:
    quint16 m_port;
    QByteArray m_key;
    QNetworkAccessManager m_network;
};

} // namespace hearth::test
