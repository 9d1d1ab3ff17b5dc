#include "app/hub/download_list_model.h"

#include <QFileInfo>

#include "app/hub/download_queue.h"
#include "app/hub/transfer_text.h"

namespace hearth::app {

namespace {

QString statusText(const DownloadJob& job)
{
    switch (job.status) {
    case DownloadJob::Status::Queued:
        return DownloadListModel::tr("Waiting");
    case DownloadJob::Status::Running:
        return DownloadListModel::tr("Downloading");
    case DownloadJob::Status::Paused:
        return DownloadListModel::tr("Paused");
    case DownloadJob::Status::Finished:
        return DownloadListModel::tr("Done");
    case DownloadJob::Status::Failed:
        return DownloadListModel::tr("Failed: %1").arg(job.error);
    case DownloadJob::Status::Cancelled:
        return DownloadListModel::tr("Cancelled");
    }
    return {};
}

} // namespace

DownloadListModel::DownloadListModel(DownloadQueue& queue, QObject* parent)
    : QAbstractTableModel(parent)
    , m_queue(queue)
{
    for (const DownloadJob& job : queue.jobs())
        m_ids << job.id;
    connect(&queue, &DownloadQueue::jobAdded, this, [this](qint64 id) {
        if (m_ids.contains(id))
            return;
        beginInsertRows({}, int(m_ids.size()), int(m_ids.size()));
        m_ids << id;
        endInsertRows();
    });
    connect(&queue, &DownloadQueue::jobChanged, this, [this](qint64 id) {
        const int row = rowOf(id);
        if (row >= 0)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    });
    connect(&queue, &DownloadQueue::jobsCleared, this, [this] {
        beginResetModel();
        m_ids.clear();
        for (const DownloadJob& job : m_queue.jobs())
            m_ids << job.id;
        endResetModel();
    });
}

qint64 DownloadListModel::idAt(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids[row] : 0;
}

int DownloadListModel::rowOf(qint64 id) const
{
    return int(m_ids.indexOf(id));
}

int DownloadListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int DownloadListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DownloadListModel::data(const QModelIndex& index, int role) const
{
    const auto job = m_queue.job(idAt(index.row()));
    if (!job)
        return {};
    const DownloadQueue::Rate rate = m_queue.rate(job->id);
    const double fraction = job->size > 0 ? double(job->received) / job->size : -1;
    if (role == IdRole)
        return job->id;
    if (role == ProgressRole)
        return job->status == DownloadJob::Status::Finished ? 1.0 : fraction;
    if (role == Qt::ToolTipRole) {
        if (index.column() == StatusColumn || index.column() == FileColumn)
            return job->status == DownloadJob::Status::Failed ? job->error : job->destination;
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= ProgressColumn && index.column() <= TimeLeftColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const bool running = job->status == DownloadJob::Status::Running;
    switch (index.column()) {
    case FileColumn:
        return QFileInfo(job->destination).fileName();
    case RepositoryColumn:
        return job->repository;
    case ProgressColumn:
        if (job->status == DownloadJob::Status::Finished)
            return tr("100 %");
        return fraction < 0 ? QString() : tr("%1 %").arg(int(fraction * 100));
    case SizeColumn:
        return TransferText::progress(job->received, job->size);
    case SpeedColumn:
        return running && rate.bytesPerSecond > 0 ? TransferText::speed(rate.bytesPerSecond) : QString();
    case TimeLeftColumn:
        return running ? TransferText::timeLeft(rate.secondsLeft) : QString();
    case StatusColumn:
        return statusText(*job);
    }
    return {};
}

QVariant DownloadListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FileColumn:
        return tr("File");
    case RepositoryColumn:
        return tr("Repository");
    case ProgressColumn:
        return tr("Progress");
    case SizeColumn:
        return tr("Size");
    case SpeedColumn:
        return tr("Speed");
    case TimeLeftColumn:
        return tr("Time left");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

} // namespace hearth::app
