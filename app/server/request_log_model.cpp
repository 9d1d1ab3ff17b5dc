#include "app/server/request_log_model.h"

#include <QLocale>

namespace hearth::app {

RequestLogModel::RequestLogModel(int capacity, QObject* parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max(1, capacity))
{ }

void RequestLogModel::append(const RequestRecord& record)
{
    if (m_records.size() >= m_capacity) {
        beginRemoveRows({}, m_capacity - 1, static_cast<int>(m_records.size()) - 1);
        m_records.resize(m_capacity - 1);
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_records.prepend(record);
    endInsertRows();
}

void RequestLogModel::clear()
{
    beginResetModel();
    m_records.clear();
    endResetModel();
}

int RequestLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_records.size());
}

int RequestLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size())
        return {};
    const RequestRecord& r = m_records[index.row()];
    if (role == Qt::TextAlignmentRole && index.column() >= StatusColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == RequestColumn && !r.model.isEmpty())
        return tr("Model: %1").arg(r.model);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return QLocale().toString(r.time.toLocalTime().time(), QStringLiteral("HH:mm:ss"));
    case KeyColumn:
        return r.keyName.isEmpty() ? tr("(no key)") : r.keyName;
    case RequestColumn:
        return QStringLiteral("%1 %2%3").arg(r.method, r.path, r.streamed ? tr(" (streamed)") : QString());
    case StatusColumn:
        return r.status == 499 ? tr("499 client left") : QString::number(r.status);
    case TokensColumn:
        return r.promptTokens + r.completionTokens > 0 ? tr("%1 → %2").arg(r.promptTokens).arg(r.completionTokens)
                                                       : QString();
    case LatencyColumn:
        return tr("%1 s").arg(QLocale().toString(r.latencyS, 'f', 2));
    }
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case KeyColumn:
        return tr("Key");
    case RequestColumn:
        return tr("Request");
    case StatusColumn:
        return tr("Status");
    case TokensColumn:
        return tr("Tokens in → out");
    case LatencyColumn:
        return tr("Latency");
    }
    return {};
}

} // namespace hearth::app
