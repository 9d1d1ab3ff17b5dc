#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

namespace hearth::app {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

// One HTTP request as the client sent it. Header names keep their case;
// value() finds them whatever the case.
struct HttpRequest {
    QByteArray method; // "GET", "POST", …
    QByteArray target; // the request line's path and query, as sent
    QUrl url; // `target` as a URL (its path percent-decoded by QUrl::path())
    HttpHeaders headers;
    QByteArray body;
    int versionMinor = 1; // HTTP/1.0 or HTTP/1.1
    bool keepAlive = true; // the connection stays open after the answer
    QHostAddress peer;
    // Who the request's credentials name (an API key's name), once the
    // server has vetted its head; empty when it needs none.
    QString client;

    // The value of the first header called `name`; empty when there is none.
    QByteArray value(const QByteArray& name) const
    {
        for (const auto& [field, value] : headers)
            if (field.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
};

// A complete answer, sent with a Content-Length.
struct HttpAnswer {
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    HttpHeaders headers;
};

} // namespace hearth::app
