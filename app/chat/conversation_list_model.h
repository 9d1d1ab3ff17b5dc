#pragma once

#include <QAbstractListModel>

#include "app/chat/conversation_store.h"

namespace hearth::app {

// The conversations for a list view: pinned first, then the most recent,
// narrowed by a search text; follows the store's changes.
class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, PinnedRole };

    explicit ConversationListModel(ConversationStore& store, QObject* parent = nullptr);

    void setSearch(const QString& text);
    QString search() const { return m_search; }
    qint64 idAt(int row) const;
    int rowOf(qint64 id) const; // -1 when not listed

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    void reload();

    ConversationStore& m_store;
    QString m_search;
    QList<Conversation> m_rows;
};

} // namespace hearth::app
