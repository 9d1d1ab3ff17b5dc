#pragma once

#include <QAbstractTableModel>

namespace hearth::app {

class DownloadQueue;

// The download queue as a table: one row per file, oldest first, following
// the queue's changes. ProgressRole gives the fraction done (0–1, or -1
// when the size is unknown) for a progress bar.
class DownloadListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        FileColumn,
        RepositoryColumn,
        ProgressColumn,
        SizeColumn,
        SpeedColumn,
        TimeLeftColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role { ProgressRole = Qt::UserRole + 1, IdRole };

    explicit DownloadListModel(DownloadQueue& queue, QObject* parent = nullptr);

    qint64 idAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int rowOf(qint64 id) const;

    DownloadQueue& m_queue;
    QList<qint64> m_ids; // the rows, in the queue's order
};

} // namespace hearth::app
