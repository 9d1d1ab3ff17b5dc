#include "app/server/api_key_store.h"

#include <QSqlError>
#include <QSqlQuery>

#include "app/storage/database.h"

namespace hearth::app {

namespace {

bool run(QSqlQuery& query)
{
    if (query.exec())
        return true;
    qWarning("API keys: %s", qPrintable(query.lastError().text()));
    return false;
}

QString limitText(int perMinute)
{
    return perMinute > 0 ? QLocale().toString(perMinute) : ApiKeyStore::tr("no limit");
}

} // namespace

ApiKeyStore::ApiKeyStore(Database& database, QObject* parent)
    : QAbstractTableModel(parent)
    , m_database(database)
{
    reload();
}

void ApiKeyStore::reload()
{
    beginResetModel();
    m_rows.clear();
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("SELECT id, name, salt, digest, requests_per_minute, tokens_per_minute, created_at, "
                                 "revoked_at FROM api_keys ORDER BY revoked_at IS NOT NULL, created_at, id"));
    if (run(query)) {
        while (query.next()) {
            Row row;
            row.key.id = query.value(0).toLongLong();
            row.key.name = query.value(1).toString();
            row.key.salt = query.value(2).toByteArray();
            row.key.digest = query.value(3).toByteArray();
            row.key.requestsPerMinute = query.value(4).toInt();
            row.key.tokensPerMinute = query.value(5).toInt();
            row.created = QDateTime::fromMSecsSinceEpoch(query.value(6).toLongLong());
            if (!query.value(7).isNull())
                row.revoked = QDateTime::fromMSecsSinceEpoch(query.value(7).toLongLong());
            m_rows << row;
        }
    }
    endResetModel();
}

QByteArray ApiKeyStore::create(const QString& name, int requestsPerMinute, int tokensPerMinute, QString* error)
{
    const QString trimmed = name.trimmed();
    const auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return QByteArray();
    };
    if (trimmed.isEmpty())
        return fail(tr("Give the key a name that says whose it is, such as a team's."));
    for (const Row& row : std::as_const(m_rows))
        if (row.revoked.isNull() && row.key.name.compare(trimmed, Qt::CaseInsensitive) == 0)
            return fail(tr("A key named \"%1\" already exists: choose another name, or revoke it first.").arg(trimmed));
    const QByteArray secret = ApiKey::newSecret();
    const ApiKey key = ApiKey::fromSecret(trimmed, secret);
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("INSERT INTO api_keys (name, salt, digest, requests_per_minute, tokens_per_minute, "
                                 "created_at) VALUES (?, ?, ?, ?, ?, ?)"));
    query.addBindValue(key.name);
    query.addBindValue(key.salt);
    query.addBindValue(key.digest);
    query.addBindValue(std::max(0, requestsPerMinute));
    query.addBindValue(std::max(0, tokensPerMinute));
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!run(query))
        return fail(tr("The key could not be saved: %1").arg(query.lastError().text()));
    reload();
    emit keysChanged();
    return secret;
}

bool ApiKeyStore::revoke(int row)
{
    if (row < 0 || row >= m_rows.size() || !m_rows[row].revoked.isNull())
        return false;
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE api_keys SET revoked_at = ? WHERE id = ?"));
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    query.addBindValue(m_rows[row].key.id);
    if (!run(query))
        return false;
    reload();
    emit keysChanged();
    return true;
}

bool ApiKeyStore::setLimits(int row, int requestsPerMinute, int tokensPerMinute)
{
    if (row < 0 || row >= m_rows.size())
        return false;
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE api_keys SET requests_per_minute = ?, tokens_per_minute = ? WHERE id = ?"));
    query.addBindValue(std::max(0, requestsPerMinute));
    query.addBindValue(std::max(0, tokensPerMinute));
    query.addBindValue(m_rows[row].key.id);
    if (!run(query))
        return false;
    reload();
    emit keysChanged();
    return true;
}

bool ApiKeyStore::isRevoked(int row) const
{
    return row >= 0 && row < m_rows.size() && !m_rows[row].revoked.isNull();
}

ApiKey ApiKeyStore::keyAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].key : ApiKey();
}

QList<ApiKey> ApiKeyStore::activeKeys() const
{
    QList<ApiKey> keys;
    for (const Row& row : m_rows)
        if (row.revoked.isNull())
            keys << row.key;
    return keys;
}

int ApiKeyStore::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ApiKeyStore::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApiKeyStore::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row& row = m_rows[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return row.key.name;
        case CreatedColumn:
            return QLocale().toString(row.created, QLocale::ShortFormat);
        case RequestsColumn:
            return limitText(row.key.requestsPerMinute);
        case TokensColumn:
            return limitText(row.key.tokensPerMinute);
        case StatusColumn:
            return row.revoked.isNull() ? tr("active")
                                        : tr("revoked %1").arg(QLocale().toString(row.revoked, QLocale::ShortFormat));
        }
    }
    return {};
}

QVariant ApiKeyStore::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case CreatedColumn:
        return tr("Created");
    case RequestsColumn:
        return tr("Requests/min");
    case TokensColumn:
        return tr("Tokens/min");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

} // namespace hearth::app
