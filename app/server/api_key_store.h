#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include "app/server/api_key.h"

namespace hearth::app {

class Database;

// The API keys made in the window, one row each for a table view: named
// per team, kept only as salted digests (the secret is shown once, when the
// key is made), with their own rate limits, and revocable. Revoked keys
// stay listed, marked, so the audit log's names keep their meaning.
class ApiKeyStore : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, CreatedColumn, RequestsColumn, TokensColumn, StatusColumn, ColumnCount };

    explicit ApiKeyStore(Database& database, QObject* parent = nullptr);

    // A new key; its secret (to show once), or empty with `error` set.
    QByteArray create(const QString& name, int requestsPerMinute, int tokensPerMinute, QString* error = nullptr);
    bool revoke(int row);
    bool setLimits(int row, int requestsPerMinute, int tokensPerMinute);
    bool isRevoked(int row) const;
    ApiKey keyAt(int row) const;
    // What the server lets in.
    QList<ApiKey> activeKeys() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // A key was made, revoked or given other limits.
    void keysChanged();

private:
    struct Row {
        ApiKey key;
        QDateTime created;
        QDateTime revoked; // null while the key works
    };
    void reload();

    Database& m_database;
    QList<Row> m_rows;
};

} // namespace hearth::app
