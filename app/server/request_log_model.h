#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "app/server/request_record.h"

namespace hearth::app {

// The API server's latest requests, newest first, for the live log: what
// arrived, from which key, how it ended and how long it took.
class RequestLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, KeyColumn, RequestColumn, StatusColumn, TokensColumn, LatencyColumn, ColumnCount };

    explicit RequestLogModel(int capacity = 1000, QObject* parent = nullptr);

    void append(const RequestRecord& record);
    void clear();
    // Newest first.
    const QList<RequestRecord>& records() const { return m_records; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int m_capacity;
    QList<RequestRecord> m_records;
};

} // namespace hearth::app
