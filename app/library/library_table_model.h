#pragma once

#include <QAbstractTableModel>

#include "app/library/library_model.h"

namespace hearth::app {

class ModelLibrary;

// The library as a table: one row per model, sortable by SortRole (the
// raw value behind each formatted cell). Follows the library's changes.
class LibraryTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Family, Parameters, Quantization, Size, Context, Added, LastUsed, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, IdRole };

    explicit LibraryTableModel(ModelLibrary& library, QObject* parent = nullptr);

    const LibraryModel* modelAt(int row) const;
    int rowOf(qint64 id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void reload();

    ModelLibrary& m_library;
    QList<LibraryModel> m_rows;
};

// "7.6 B", "494 M": a parameter count as people say it.
QString parameterCountText(quint64 parameters);

} // namespace hearth::app
