#pragma once

#include <QAbstractListModel>

#include "app/hub/hub_files.h"

namespace hearth::app {

class ModelCatalog;

// The list Discover shows on its left: the curated catalog first (filtered
// by use), or a search's results. Each row is a repository to open.
class HubModelList : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { RepositoryRole = Qt::UserRole + 1, CatalogIdRole };
    struct Entry {
        QString repository;
        QString title;
        QString detail; // what it is good for, or its downloads and likes
        QString catalogId; // empty for a search result
    };

    explicit HubModelList(QObject* parent = nullptr);

    // The catalog's models whose uses include `use` (empty: all), their
    // summaries in `language`.
    void showCatalog(const ModelCatalog& catalog, const QString& use, const QString& language);
    void showSearch(const QList<HubModelSummary>& results);
    bool showsCatalog() const { return m_catalog; }
    Entry entryAt(int row) const { return m_entries.value(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // "general" → "General", in the user's language.
    static QString useName(const QString& use);

private:
    QList<Entry> m_entries;
    bool m_catalog = false;
};

} // namespace hearth::app
