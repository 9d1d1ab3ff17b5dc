#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <atomic>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace hearth::app {

// One file from an HTTP(S) URL, resumable and verified. Bytes go to
// DESTINATION.part; a new start (after a pause, a network error, or a later
// run of Hearth) continues from the part's size with a Range request; the file
// takes its name only once its size and SHA-256 match what the hub said, and
// a mismatch discards the part. Network errors, stalls and server errors
// (5xx) are retried with back-off; refusals (404, 401, …) are not.
class FileDownload : public QObject {
    Q_OBJECT
public:
    struct Target {
        QUrl url;
        QString destination;
        qint64 size = -1; // -1: unknown
        QByteArray sha256; // hex; empty: not checked
        QByteArray token; // sent as a bearer token to the first host
    };
    enum class State { Idle, Running, Paused, Finished, Failed, Cancelled };
    Q_ENUM(State)

    FileDownload(QNetworkAccessManager& network, Target target, QObject* parent = nullptr);
    ~FileDownload() override;

    void start();
    void pause(); // keeps the part for a later start()
    void cancel(); // removes the part

    State state() const { return m_state; }
    qint64 received() const { return m_received; }
    qint64 total() const { return m_target.size; }
    const Target& target() const { return m_target; }
    QString errorString() const { return m_error; }
    // Network errors retried so far in this run.
    int retries() const { return m_retries; }

    // How long to wait before the n-th retry (1, 2, 4, … seconds, at most 60).
    void setRetryDelay(int firstMs) { m_retryDelayMs = firstMs; }
    void setMaxRetries(int retries) { m_maxRetries = retries; }
    // A transfer that sends nothing for this long is cut and retried.
    void setStallTimeout(int ms) { m_stallTimeoutMs = ms; }

signals:
    void progress(qint64 received, qint64 total);
    void stateChanged(hearth::app::FileDownload::State state);
    void finished();
    void failed(const QString& error);

private:
    void request();
    void requestFrom(const QUrl& url);
    void followRedirect(QNetworkReply* reply);
    void readyRead();
    void replyFinished();
    void complete();
    void fail(const QString& error);
    void setState(State state);
    void retryLater(const QString& reason);
    bool openPart(bool truncate); // a fresh hash; the caller hashes what the part holds

    QNetworkAccessManager& m_network;
    Target m_target;
    QFile m_part;
    // Held while running, so that two Hearths never write the same part; a
    // killed one's lock is stale and taken over.
    std::unique_ptr<QLockFile> m_lock;
    std::shared_ptr<QCryptographicHash> m_hash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    std::shared_ptr<std::atomic<bool>> m_hashing
        = std::make_shared<std::atomic<bool>>(false); // set: stop reading the part
    QPointer<QNetworkReply> m_reply;
    QTimer* m_retryTimer;
    State m_state = State::Idle;
    qint64 m_received = 0;
    int m_retries = 0;
    int m_redirects = 0; // in this request
    int m_maxRetries = 8;
    int m_retryDelayMs = 1000;
    int m_stallTimeoutMs = 30'000;
    bool m_appending = false; // this response continues the part (206)
    bool m_responseStarted = false; // the current response's first bytes were seen
    QString m_error;
};

} // namespace hearth::app
