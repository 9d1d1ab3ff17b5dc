#include "app/hub/hub_client.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include <memory>

namespace hearth::app {

HubClient::HubClient(QNetworkAccessManager& network, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_endpoint(endpointFrom({}))
{ }

QUrl HubClient::endpointFrom(const QString& configured)
{
    // A mirror named in the environment wins, as the hub's own tools do it.
    const QString environment = qEnvironmentVariable("HF_ENDPOINT");
    const QString chosen = !environment.isEmpty() ? environment
        : !configured.isEmpty()                   ? configured
                                                  : QStringLiteral("https://huggingface.co");
    QUrl url(chosen.endsWith(QLatin1Char('/')) ? chosen.chopped(1) : chosen);
    return url;
}

QNetworkReply* HubClient::get(const QUrl& url, const QByteArray& range)
{
    QNetworkRequest request(url);
    if (!range.isEmpty())
        request.setRawHeader("Range", range);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setRawHeader("User-Agent", "Hearth/" HEARTH_VERSION);
    // The token is for the endpoint's host only.
    if (!m_token.isEmpty() && url.host() == m_endpoint.host())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    return m_network.get(request);
}

QString HubClient::errorOf(QNetworkReply* reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401 || status == 403)
        return tr("The hub refused (%1): the model may be gated. Accept its licence on the hub and set an access "
                  "token in Settings.")
            .arg(status);
    if (status == 404)
        return tr("The hub has no such model or file.");
    if (status >= 400)
        return tr("The hub answered %1.").arg(status);
    if (reply->error() != QNetworkReply::NoError)
        return tr("Cannot reach the hub at %1: %2").arg(reply->url().host(), reply->errorString());
    return {};
}

void HubClient::search(const HubQuery& query, SearchCallback done)
{
    QUrl url = m_endpoint;
    url.setPath(url.path() + QStringLiteral("/api/models"));
    QUrlQuery parameters;
    if (!query.text.trimmed().isEmpty())
        parameters.addQueryItem(QStringLiteral("search"), query.text.trimmed());
    if (query.ggufOnly)
        parameters.addQueryItem(QStringLiteral("filter"), QStringLiteral("gguf"));
    if (!query.library.isEmpty())
        parameters.addQueryItem(QStringLiteral("library"), query.library);
    if (!query.pipelineTag.isEmpty())
        parameters.addQueryItem(QStringLiteral("pipeline_tag"), query.pipelineTag);
    parameters.addQueryItem(QStringLiteral("sort"), query.sort);
    parameters.addQueryItem(QStringLiteral("direction"), QStringLiteral("-1"));
    parameters.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    url.setQuery(parameters);
    fetch(url, [done = std::move(done)](const QByteArray& bytes, const QString& error) {
        const QJsonDocument answer = QJsonDocument::fromJson(bytes);
        if (!error.isEmpty() || !answer.isArray())
            done({}, !error.isEmpty() ? error : tr("The hub's answer was not a list of models."));
        else
            done(parseModelSearch(answer.array()), {});
    });
}

void HubClient::listFiles(const QString& repository, FilesCallback done)
{
    QUrl url = m_endpoint;
    url.setPath(url.path() + QStringLiteral("/api/models/%1/tree/main").arg(repository));
    url.setQuery(QStringLiteral("recursive=true"));
    fetch(url, [done = std::move(done)](const QByteArray& bytes, const QString& error) {
        const QJsonDocument answer = QJsonDocument::fromJson(bytes);
        if (!error.isEmpty() || !answer.isArray())
            done({}, !error.isEmpty() ? error : tr("The hub's answer was not a list of files."));
        else
            done(parseModelFiles(answer.array()), {});
    });
}

void HubClient::modelInfo(const QString& repository, InfoCallback done)
{
    QUrl url = m_endpoint;
    url.setPath(url.path() + QStringLiteral("/api/models/%1").arg(repository));
    fetch(url, [done = std::move(done)](const QByteArray& bytes, const QString& error) {
        const QJsonDocument answer = QJsonDocument::fromJson(bytes);
        if (!error.isEmpty() || !answer.isObject())
            done({}, !error.isEmpty() ? error : tr("The hub's answer was not a model."));
        else
            done(answer.object(), {});
    });
}

QUrl HubClient::fileUrl(const QString& repository, const QString& path) const
{
    QUrl url = m_endpoint;
    url.setPath(url.path() + QStringLiteral("/%1/resolve/main/%2").arg(repository, path));
    return url;
}

void HubClient::fetchFile(const QString& repository, const QString& path, TextCallback done)
{
    fetch(fileUrl(repository, path), std::move(done));
}

void HubClient::fetchRange(const QString& repository, const QString& path, qint64 from, qint64 bytes, TextCallback done)
{
    QNetworkReply* reply = get(
        fileUrl(repository, path), "bytes=" + QByteArray::number(from) + "-" + QByteArray::number(from + bytes - 1));
    auto answered = std::make_shared<bool>(false);
    // Where the part asked for starts in the body: 206 answers hold only it.
    const auto skip = [from](QNetworkReply* r) {
        return r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 206 ? 0 : from;
    };
    const auto part = [bytes, skip](QNetworkReply* r, const QByteArray& body) { return body.mid(skip(r), bytes); };
    connect(reply, &QNetworkReply::readyRead, this, [reply, bytes, done, answered, part, skip] {
        if (*answered || reply->bytesAvailable() < skip(reply) + bytes || !errorOf(reply).isEmpty())
            return;
        *answered = true;
        done(part(reply, reply->readAll()), {});
        reply->abort(); // a model file's whole body is gigabytes
    });
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done), answered, part] {
        reply->deleteLater();
        if (*answered)
            return;
        *answered = true;
        const QString error = errorOf(reply);
        done(error.isEmpty() ? part(reply, reply->readAll()) : QByteArray(), error);
    });
}

void HubClient::fetch(const QUrl& url, TextCallback done)
{
    QNetworkReply* reply = get(url);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        const QString error = errorOf(reply);
        done(error.isEmpty() ? reply->readAll() : QByteArray(), error);
    });
}

} // namespace hearth::app
