#include "app/hub/model_download.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QStorageInfo>

#include "app/hub/hub_client.h"

namespace hearth::app {

QList<DownloadJob> downloadJobsFor(
    const HubClient& hub, const QString& repository, const QuantizationGroup& group, const QString& folder)
{
    const QString target = QDir(folder).filePath(repository.section(QLatin1Char('/'), 1));
    QList<DownloadJob> jobs;
    for (const HubFile& file : group.files) {
        DownloadJob job;
        job.repository = repository;
        job.filePath = file.path;
        job.url = hub.fileUrl(repository, file.path);
        job.destination = QDir(target).filePath(file.path.section(QLatin1Char('/'), -1));
        job.size = file.size;
        job.sha256 = file.sha256;
        job.libraryPath = jobs.isEmpty() ? job.destination : jobs.first().destination;
        jobs << job;
    }
    return jobs;
}

QList<DownloadJob> checkpointJobsFor(
    const HubClient& hub, const QString& repository, const QList<HubFile>& files, const QString& folder)
{
    const QString target = QDir(folder).filePath(repository.section(QLatin1Char('/'), 1));
    QuantizationGroup group;
    group.files = files;
    QList<DownloadJob> jobs = downloadJobsFor(hub, repository, group, folder);
    for (DownloadJob& job : jobs)
        job.libraryPath = target;
    return jobs;
}

qint64 bytesStillNeeded(const QList<DownloadJob>& jobs)
{
    qint64 needed = 0;
    for (const DownloadJob& job : jobs)
        needed += std::max<qint64>(0, job.size - QFileInfo(job.destination + QStringLiteral(".part")).size());
    return needed;
}

QString downloadProblem(const QList<DownloadJob>& jobs, const QString& folder, qint64 extraBytes)
{
    if (!QDir().mkpath(folder))
        return QCoreApplication::translate("ModelDownload", "Cannot create the folder %1.").arg(folder);
    const qint64 needed = bytesStillNeeded(jobs) + extraBytes;
    const QStorageInfo storage(folder);
    if (storage.isValid() && storage.bytesAvailable() < needed)
        return QCoreApplication::translate("ModelDownload", "This needs %1 but %2 has %3 free.")
            .arg(QLocale().formattedDataSize(needed), folder, QLocale().formattedDataSize(storage.bytesAvailable()));
    return {};
}

} // namespace hearth::app
