#pragma once

#include <QList>

#include <optional>

#include "app/hub/download_job.h"

namespace hearth::app {

class Database;

// The download queue as SQLite keeps it, so that a download closed, crashed
// or killed mid-file is found again and resumed from its .part file.
class DownloadStore {
public:
    explicit DownloadStore(Database& database);

    // Stores a new job; its id, or 0 when it could not be written.
    qint64 add(const DownloadJob& job);
    // Oldest first.
    QList<DownloadJob> all() const;
    std::optional<DownloadJob> find(qint64 id) const;
    // The newest job that writes `destination`.
    std::optional<DownloadJob> findByDestination(const QString& destination) const;

    bool setStatus(qint64 id, DownloadJob::Status status, const QString& error = {});
    bool setReceived(qint64 id, qint64 received);
    bool setPriority(qint64 id, int priority);
    bool remove(qint64 id);
    // Forgets finished and cancelled jobs.
    int removeDone();

private:
    Database& m_database;
};

} // namespace hearth::app
