#include "app/hub/hub_model_list.h"

#include <QLocale>

#include "app/library/library_table_model.h"
#include "app/plan/catalog.h"

namespace hearth::app {

HubModelList::HubModelList(QObject* parent)
    : QAbstractListModel(parent)
{ }

QString HubModelList::useName(const QString& use)
{
    if (use == QStringLiteral("general"))
        return tr("General");
    if (use == QStringLiteral("chinese"))
        return tr("Chinese");
    if (use == QStringLiteral("code"))
        return tr("Code");
    if (use == QStringLiteral("reasoning"))
        return tr("Reasoning");
    if (use == QStringLiteral("small"))
        return tr("Small and cheap");
    return use;
}

void HubModelList::showCatalog(const ModelCatalog& catalog, const QString& use, const QString& language)
{
    beginResetModel();
    m_entries.clear();
    m_catalog = true;
    for (const CatalogModel& model : catalog.models()) {
        if (model.ggufRepo.isEmpty() || (!use.isEmpty() && !model.goodFor.contains(use)))
            continue;
        QStringList uses;
        for (const QString& each : model.goodFor)
            uses << useName(each);
        const QString size = parameterCountText(quint64(model.publishedParamsB * 1e9));
        QString title = tr("%1 · %2 · %3").arg(model.name, size, model.licence);
        if (model.clusterOnly)
            title += tr(" · cluster only");
        m_entries << Entry { model.ggufRepo, title,
            tr("%1\n%2").arg(model.summaryIn(language), uses.join(QStringLiteral(", "))), model.id };
    }
    endResetModel();
}

void HubModelList::showSearch(const QList<HubModelSummary>& results)
{
    beginResetModel();
    m_entries.clear();
    m_catalog = false;
    const QLocale locale;
    for (const HubModelSummary& model : results) {
        QString detail
            = tr("%1 downloads · %2 likes").arg(locale.toString(model.downloads), locale.toString(model.likes));
        if (!model.lastModified.isEmpty())
            detail += tr(" · updated %1").arg(model.lastModified.left(10));
        if (model.gated)
            detail += tr(" · gated: needs an access token");
        m_entries << Entry { model.id, model.id, detail, {} };
    }
    endResetModel();
}

int HubModelList::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant HubModelList::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry& entry = m_entries[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1\n%2").arg(entry.title, entry.detail);
    case Qt::ToolTipRole:
        return entry.repository;
    case RepositoryRole:
        return entry.repository;
    case CatalogIdRole:
        return entry.catalogId;
    }
    return {};
}

} // namespace hearth::app
