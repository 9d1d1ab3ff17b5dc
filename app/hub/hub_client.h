#pragma once

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

#include "app/hub/hub_files.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace hearth::app {

// What to search for on the hub.
struct HubQuery {
    QString text;
    bool ggufOnly = true; // repositories with GGUF files
    QString library; // "transformers", "mlx", …; empty: any
    QString pipelineTag = QStringLiteral("text-generation"); // empty: any
    QString sort = QStringLiteral("downloads"); // downloads, likes, lastModified
    int limit = 50;
};

// The Hugging Face hub's API, or a mirror's: $HF_ENDPOINT when set, else the
// endpoint given (settings), else huggingface.co. An access token (for gated
// models) goes only to the endpoint's host and is never logged. Each call
// answers once, through its callback, on the caller's thread.
class HubClient : public QObject {
    Q_OBJECT
public:
    explicit HubClient(QNetworkAccessManager& network, QObject* parent = nullptr);

    // `configured`: the settings' endpoint, or empty.
    static QUrl endpointFrom(const QString& configured);
    void setEndpoint(const QUrl& endpoint) { m_endpoint = endpoint; }
    QUrl endpoint() const { return m_endpoint; }
    void setToken(const QByteArray& token) { m_token = token; }

    using SearchCallback = std::function<void(const QList<HubModelSummary>& models, const QString& error)>;
    using FilesCallback = std::function<void(const QList<HubFile>& files, const QString& error)>;
    using TextCallback = std::function<void(const QByteArray& text, const QString& error)>;
    using InfoCallback = std::function<void(const QJsonObject& info, const QString& error)>;

    void search(const HubQuery& query, SearchCallback done);
    void listFiles(const QString& repository, FilesCallback done);
    // GET /api/models/{repo}: its card's data (base_model, licence), tags, gated.
    void modelInfo(const QString& repository, InfoCallback done);
    // A file's bytes: README.md, config.json.
    void fetchFile(const QString& repository, const QString& path, TextCallback done);
    // `bytes` bytes of a file from byte `from` on (fewer where it ends), by a
    // range request. A server that ignores the range answers with the whole
    // file: the part asked for is cut from it, and the transfer stopped there.
    void fetchRange(const QString& repository, const QString& path, qint64 from, qint64 bytes, TextCallback done);
    // Where a file is downloaded from.
    QUrl fileUrl(const QString& repository, const QString& path) const;

private:
    QNetworkReply* get(const QUrl& url, const QByteArray& range = {});
    // The body at `url`, or the error in the user's words.
    void fetch(const QUrl& url, TextCallback done);
    // The error a finished reply stands for, in the user's words; empty when none.
    static QString errorOf(QNetworkReply* reply);

    QNetworkAccessManager& m_network;
    QUrl m_endpoint;
    QByteArray m_token;
};

} // namespace hearth::app
