#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <optional>

#include "app/hub/download_job.h"
#include "app/hub/download_store.h"

class QNetworkAccessManager;
class QTimer;

namespace hearth::app {

class Database;
class FileDownload;

// The download queue: files wait their turn, highest priority first, at most
// maxParallel() at a time, and can be paused, resumed, cancelled and
// re-prioritised. Every change is written to SQLite, so a queue that Hearth
// left — closed, crashed or killed — is picked up by restore() and continues
// from each file's .part. Speeds and times left are smoothed over a few
// seconds.
class DownloadQueue : public QObject {
    Q_OBJECT
public:
    struct Rate {
        double bytesPerSecond = 0;
        qint64 secondsLeft = -1; // -1: not known yet
    };
    struct Totals {
        qint64 received = 0;
        qint64 size = 0; // of the jobs not cancelled whose size is known
        Rate rate;
        int active = 0; // queued or running
    };

    DownloadQueue(QNetworkAccessManager& network, Database& database, QObject* parent = nullptr);
    // Running downloads stop where they are and stay queued for the next run.
    ~DownloadQueue() override;

    // Takes up the jobs an earlier run left: those queued or running start
    // again (from their parts), the others are listed as they were.
    void restore();
    // Adds files and starts what the limit allows; the jobs' ids. A file
    // already in the queue (same destination) is not added twice: its job
    // goes on, or is queued again when it was paused or failed.
    QList<qint64> enqueue(const QList<DownloadJob>& jobs);
    void pause(qint64 id);
    void resume(qint64 id); // a paused or failed job, queued again
    void cancel(qint64 id); // stops it and removes its part
    void setPriority(qint64 id, int priority);
    // Forgets finished and cancelled jobs.
    void clearDone();

    void setMaxParallel(int downloads);
    int maxParallel() const { return m_maxParallel; }
    // The access token, sent only to `host` (the hub's or the mirror's).
    void setCredentials(const QString& host, const QByteArray& token);
    // How downloads retry; tests make these short.
    void setRetryPolicy(int firstDelayMs, int maxRetries, int stallTimeoutMs);

    QList<DownloadJob> jobs() const { return m_jobs; }
    std::optional<DownloadJob> job(qint64 id) const;
    Rate rate(qint64 id) const { return m_rates.value(id).rate; }
    Totals totals() const;

signals:
    void jobAdded(qint64 id);
    // Its status, bytes or rate changed.
    void jobChanged(qint64 id);
    void jobsCleared();
    void jobFailed(qint64 id, const QString& error);
    // Every part of a model is downloaded and verified: it can enter the library.
    void modelReady(const QString& libraryPath);
    // The last download running ended and nothing is queued.
    void idle();

private:
    struct Sample {
        qint64 received = 0;
        Rate rate;
    };
    DownloadJob* find(qint64 id);
    void setStatus(DownloadJob& job, DownloadJob::Status status, const QString& error = {});
    void schedule();
    void start(DownloadJob& job);
    void stopRunning(qint64 id);
    void downloadFinished(qint64 id);
    void downloadFailed(qint64 id, const QString& error);
    void tick();

    QNetworkAccessManager& m_network;
    DownloadStore m_store;
    QList<DownloadJob> m_jobs;
    QHash<qint64, FileDownload*> m_running;
    QHash<qint64, Sample> m_rates;
    QTimer* m_ticker;
    QElapsedTimer m_sinceTick;
    int m_maxParallel = 2;
    bool m_busy = false; // something ran since the last idle()
    QString m_tokenHost;
    QByteArray m_token;
    int m_retryDelayMs = 1000;
    int m_maxRetries = 8;
    int m_stallTimeoutMs = 30'000;
};

} // namespace hearth::app
