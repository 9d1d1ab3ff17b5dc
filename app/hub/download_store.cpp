#include "app/hub/download_store.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "app/storage/database.h"

namespace hearth::app {

namespace {

const QString kColumns = QStringLiteral("id, repository, file_path, url, destination, size_bytes, sha256, "
                                        "library_path, priority, status, error, received_bytes, added_at");

DownloadJob jobFrom(const QSqlQuery& query)
{
    DownloadJob job;
    job.id = query.value(0).toLongLong();
    job.repository = query.value(1).toString();
    job.filePath = query.value(2).toString();
    job.url = QUrl(query.value(3).toString());
    job.destination = query.value(4).toString();
    job.size = query.value(5).toLongLong();
    job.sha256 = query.value(6).toString().toLatin1();
    job.libraryPath = query.value(7).toString();
    job.priority = query.value(8).toInt();
    job.status = statusFromKey(query.value(9).toString());
    job.error = query.value(10).toString();
    job.received = query.value(11).toLongLong();
    job.addedAt = query.value(12).toLongLong();
    return job;
}

} // namespace

QString statusKey(DownloadJob::Status status)
{
    switch (status) {
    case DownloadJob::Status::Queued:
        return QStringLiteral("queued");
    case DownloadJob::Status::Running:
        return QStringLiteral("running");
    case DownloadJob::Status::Paused:
        return QStringLiteral("paused");
    case DownloadJob::Status::Finished:
        return QStringLiteral("finished");
    case DownloadJob::Status::Failed:
        return QStringLiteral("failed");
    case DownloadJob::Status::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("queued");
}

DownloadJob::Status statusFromKey(const QString& key)
{
    for (const auto status : { DownloadJob::Status::Queued, DownloadJob::Status::Running, DownloadJob::Status::Paused,
             DownloadJob::Status::Finished, DownloadJob::Status::Failed, DownloadJob::Status::Cancelled })
        if (statusKey(status) == key)
            return status;
    return DownloadJob::Status::Queued;
}

DownloadStore::DownloadStore(Database& database)
    : m_database(database)
{ }

qint64 DownloadStore::add(const DownloadJob& job)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("INSERT INTO downloads (repository, file_path, url, destination, size_bytes, sha256, "
                                 "library_path, priority, status, error, received_bytes, added_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(job.repository);
    query.addBindValue(job.filePath);
    query.addBindValue(job.url.toString());
    query.addBindValue(job.destination);
    query.addBindValue(job.size);
    query.addBindValue(QString::fromLatin1(job.sha256.isNull() ? QByteArray("") : job.sha256));
    query.addBindValue(job.libraryPath.isNull() ? QStringLiteral("") : job.libraryPath);
    query.addBindValue(job.priority);
    query.addBindValue(statusKey(job.status));
    query.addBindValue(job.error.isNull() ? QStringLiteral("") : job.error); // a null QString is SQL NULL
    query.addBindValue(job.received);
    query.addBindValue(job.addedAt ? job.addedAt : QDateTime::currentMSecsSinceEpoch());
    if (!query.exec()) {
        qWarning("downloads: cannot record %s: %s", qPrintable(job.destination), qPrintable(query.lastError().text()));
        return 0;
    }
    return query.lastInsertId().toLongLong();
}

QList<DownloadJob> DownloadStore::all() const
{
    QList<DownloadJob> jobs;
    QSqlQuery query(m_database.connection());
    if (!query.exec(QStringLiteral("SELECT %1 FROM downloads ORDER BY id").arg(kColumns)))
        return jobs;
    while (query.next())
        jobs << jobFrom(query);
    return jobs;
}

std::optional<DownloadJob> DownloadStore::find(qint64 id) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM downloads WHERE id = ?").arg(kColumns));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return jobFrom(query);
}

std::optional<DownloadJob> DownloadStore::findByDestination(const QString& destination) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(
        QStringLiteral("SELECT %1 FROM downloads WHERE destination = ? ORDER BY id DESC LIMIT 1").arg(kColumns));
    query.addBindValue(destination);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return jobFrom(query);
}

bool DownloadStore::setStatus(qint64 id, DownloadJob::Status status, const QString& error)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE downloads SET status = ?, error = ?, finished_at = ? WHERE id = ?"));
    query.addBindValue(statusKey(status));
    query.addBindValue(error.isNull() ? QStringLiteral("") : error);
    query.addBindValue(
        status == DownloadJob::Status::Finished ? QVariant(QDateTime::currentMSecsSinceEpoch()) : QVariant());
    query.addBindValue(id);
    return query.exec();
}

bool DownloadStore::setReceived(qint64 id, qint64 received)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE downloads SET received_bytes = ? WHERE id = ?"));
    query.addBindValue(received);
    query.addBindValue(id);
    return query.exec();
}

bool DownloadStore::setPriority(qint64 id, int priority)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE downloads SET priority = ? WHERE id = ?"));
    query.addBindValue(priority);
    query.addBindValue(id);
    return query.exec();
}

bool DownloadStore::remove(qint64 id)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("DELETE FROM downloads WHERE id = ?"));
    query.addBindValue(id);
    return query.exec();
}

int DownloadStore::removeDone()
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(QStringLiteral("DELETE FROM downloads WHERE status IN ('finished', 'cancelled')")))
        return 0;
    return query.numRowsAffected();
}

} // namespace hearth::app
