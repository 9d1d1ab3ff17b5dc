#include "app/chat/conversation_list_model.h"

namespace hearth::app {

ConversationListModel::ConversationListModel(ConversationStore& store, QObject* parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(&m_store, &ConversationStore::conversationsChanged, this, &ConversationListModel::reload);
    reload();
}

void ConversationListModel::setSearch(const QString& text)
{
    if (text == m_search)
        return;
    m_search = text;
    reload();
}

qint64 ConversationListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].id : 0;
}

int ConversationListModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows[row].id == id)
            return row;
    return -1;
}

int ConversationListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Conversation& c = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return c.title.isEmpty() ? tr("New chat") : c.title;
    case Qt::ToolTipRole:
        return tr("%1\nLast message %2")
            .arg(c.title, QLocale().toString(c.updated.toLocalTime(), QLocale::ShortFormat));
    case IdRole:
        return c.id;
    case PinnedRole:
        return c.pinned;
    default:
        return {};
    }
}

void ConversationListModel::reload()
{
    // A full reset: a few hundred rows, and the order changes with every answer.
    beginResetModel();
    m_rows = m_store.list(m_search);
    endResetModel();
}

} // namespace hearth::app
