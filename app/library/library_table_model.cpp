#include "app/library/library_table_model.h"

#include <QLocale>

#include "app/library/model_library.h"

namespace hearth::app {

QString parameterCountText(quint64 parameters)
{
    if (parameters >= 1'000'000'000)
        return QStringLiteral("%1 B").arg(QLocale().toString(parameters / 1e9, 'f', 1));
    return QStringLiteral("%1 M").arg(QLocale().toString(parameters / 1e6, 'f', 0));
}

LibraryTableModel::LibraryTableModel(ModelLibrary& library, QObject* parent)
    : QAbstractTableModel(parent)
    , m_library(library)
{
    connect(&m_library, &ModelLibrary::modelsChanged, this, &LibraryTableModel::reload);
    connect(&m_library, &ModelLibrary::hashComputed, this, &LibraryTableModel::reload);
    reload();
}

const LibraryModel* LibraryTableModel::modelAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

int LibraryTableModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows[row].id == id)
            return row;
    return -1;
}

int LibraryTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int LibraryTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LibraryTableModel::data(const QModelIndex& index, int role) const
{
    const LibraryModel* m = modelAt(index.row());
    if (!m)
        return {};
    if (role == IdRole)
        return m->id;
    if (role == Qt::ToolTipRole) {
        if (m->state == LibraryModel::FileState::Missing)
            return tr("The file is gone from %1: scan the folder it moved to, or remove it from the library.")
                .arg(m->path);
        if (m->state == LibraryModel::FileState::Changed)
            return tr("%1 was replaced by another file since it was added: add it again to read it anew.").arg(m->path);
        if (!m->unrunnableTypes.isEmpty())
            return tr("%1 holds %2 weights, which this version of Hearth cannot compute with: update Hearth, or "
                      "download the model in a common quantization (Q4_K_M, Q5_K_M, Q6_K, Q8_0).")
                .arg(m->path, m->unrunnableTypes.join(QStringLiteral(", ")));
        return m->path;
    }

    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() == Parameters || index.column() == Size || index.column() == Context;
        return QVariant::fromValue(Qt::AlignVCenter | (number ? Qt::AlignRight : Qt::AlignLeft));
    }
    const bool sort = role == SortRole;
    if (role != Qt::DisplayRole && !sort)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case Name:
        if (sort)
            return m->name;
        if (m->state == LibraryModel::FileState::Missing)
            return tr("%1 (missing)").arg(m->name);
        if (!m->unrunnableTypes.isEmpty())
            return tr("%1 (will not run here)").arg(m->name);
        return m->name;
    case Family:
        return m->architecture;
    case Parameters:
        return sort ? QVariant(m->parameters) : QVariant(parameterCountText(m->parameters));
    case Quantization:
        return m->quantization;
    case Size:
        return sort ? QVariant(m->sizeBytes) : QVariant(locale.formattedDataSize(static_cast<qint64>(m->sizeBytes)));
    case Context:
        return sort ? QVariant(m->contextLength) : QVariant(locale.toString(m->contextLength));
    case Added:
        return sort ? QVariant(m->added)
                    : QVariant(locale.toString(m->added.toLocalTime().date(), QLocale::ShortFormat));
    case LastUsed:
        if (sort)
            return m->lastUsed;
        return m->lastUsed.isValid() ? locale.toString(m->lastUsed.toLocalTime(), QLocale::ShortFormat) : tr("never");
    default:
        return {};
    }
}

QVariant LibraryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Family:
        return tr("Family");
    case Parameters:
        return tr("Parameters");
    case Quantization:
        return tr("Quantization");
    case Size:
        return tr("Size");
    case Context:
        return tr("Context");
    case Added:
        return tr("Added");
    case LastUsed:
        return tr("Last used");
    default:
        return {};
    }
}

void LibraryTableModel::reload()
{
    beginResetModel();
    m_rows = m_library.models();
    endResetModel();
}

} // namespace hearth::app
