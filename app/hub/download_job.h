#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace hearth::app {

// One file in the download queue. A model split into parts is one job per
// part; they share `libraryPath` (the first part), which enters the library
// once every part is there.
struct DownloadJob {
    enum class Status { Queued, Running, Paused, Finished, Failed, Cancelled };

    qint64 id = 0;
    QString repository; // "Qwen/Qwen2.5-7B-Instruct-GGUF"; empty for a plain URL
    QString filePath; // the file's path in the repository
    QUrl url;
    QString destination;
    qint64 size = -1; // -1: unknown
    QByteArray sha256; // hex; empty: not checked
    QString libraryPath;
    int priority = 0; // higher starts first
    Status status = Status::Queued;
    QString error; // why it failed
    qint64 received = 0;
    qint64 addedAt = 0; // ms since the epoch

    bool isActive() const { return status == Status::Queued || status == Status::Running; }
};

// How a status is written in the database.
QString statusKey(DownloadJob::Status status);
DownloadJob::Status statusFromKey(const QString& key);

} // namespace hearth::app
