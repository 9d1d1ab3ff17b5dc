#include "app/chat/conversation_store.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "app/storage/database.h"

namespace hearth::app {

namespace {

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QDateTime timeOf(const QVariant& value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString jsonText(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject jsonObject(const QVariant& value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

// Qt binds a null QString as SQL NULL, which the NOT NULL text columns refuse.
QString text(const QString& value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

bool run(QSqlQuery& query)
{
    if (query.exec())
        return true;
    qWarning("Chat history: %s", qPrintable(query.lastError().text()));
    return false;
}

// LIKE's wildcards in a user's search text match themselves.
QString likePattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

const QString kConversationColumns
    = QStringLiteral("id, title, system_prompt, sampling, pinned, created_at, updated_at");

Conversation conversationFrom(const QSqlQuery& query)
{
    Conversation c;
    c.id = query.value(0).toLongLong();
    c.title = query.value(1).toString();
    c.systemPrompt = query.value(2).toString();
    c.sampling = jsonObject(query.value(3));
    c.pinned = query.value(4).toBool();
    c.created = timeOf(query.value(5));
    c.updated = timeOf(query.value(6));
    return c;
}

} // namespace

ConversationStore::ConversationStore(Database& database, QObject* parent)
    : QObject(parent)
    , m_database(database)
{ }

QString ConversationStore::titleFrom(const QString& text)
{
    constexpr int kLength = 60;
    QString line = text.trimmed().section(QLatin1Char('\n'), 0, 0).simplified();
    if (line.size() <= kLength)
        return line;
    // At the last space before the limit, when there is one not too early
    // (Chinese has no spaces: cut it at the limit).
    const int space = line.lastIndexOf(QLatin1Char(' '), kLength);
    return line.left(space > kLength / 2 ? space : kLength) + QChar(0x2026);
}

bool ConversationStore::write(QSqlQuery& query)
{
    if (run(query))
        return true;
    reportFailure(query.lastError());
    return false;
}

void ConversationStore::reportFailure(const QSqlError& error)
{
    // A full disk: what the user can act on, said plainly.
    emit saveFailed(Database::isDiskFull(error)
            ? tr("The disk is full: the chat history could not be saved. Free some space; what was "
                 "saved before is intact.")
            : tr("The chat history could not be saved: %1").arg(error.text()));
}

qint64 ConversationStore::create(const QString& title)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("INSERT INTO conversations (title, created_at, updated_at) VALUES (?, ?, ?)"));
    const qint64 time = now();
    query.addBindValue(text(title.trimmed()));
    query.addBindValue(time);
    query.addBindValue(time);
    if (!write(query))
        return 0;
    emit conversationsChanged();
    return query.lastInsertId().toLongLong();
}

std::optional<Conversation> ConversationStore::conversation(qint64 id) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(
        QStringLiteral("SELECT %1 FROM conversations WHERE id = ? AND deleted_at IS NULL").arg(kConversationColumns));
    query.addBindValue(id);
    if (!run(query) || !query.next())
        return std::nullopt;
    return conversationFrom(query);
}

QList<Conversation> ConversationStore::list(const QString& search) const
{
    QSqlQuery query(m_database.connection());
    QString sql = QStringLiteral("SELECT %1 FROM conversations WHERE deleted_at IS NULL").arg(kConversationColumns);
    if (!search.trimmed().isEmpty())
        sql += QStringLiteral(" AND (title LIKE :pattern ESCAPE '\\' OR id IN (SELECT conversation_id FROM messages"
                              " WHERE content LIKE :pattern ESCAPE '\\'))");
    query.prepare(sql + QStringLiteral(" ORDER BY pinned DESC, updated_at DESC, id DESC"));
    if (!search.trimmed().isEmpty())
        query.bindValue(QStringLiteral(":pattern"), likePattern(search.trimmed()));
    QList<Conversation> result;
    if (!run(query))
        return result;
    while (query.next())
        result.append(conversationFrom(query));
    return result;
}

QList<ChatMessage> ConversationStore::messages(qint64 conversation) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("SELECT id, role, content, reasoning, stats, created_at FROM messages"
                                 " WHERE conversation_id = ? ORDER BY position"));
    query.addBindValue(conversation);
    QList<ChatMessage> result;
    if (!run(query))
        return result;
    while (query.next()) {
        ChatMessage m;
        m.id = query.value(0).toLongLong();
        m.role = query.value(1).toString();
        m.content = query.value(2).toString();
        m.reasoning = query.value(3).toString();
        m.stats = jsonObject(query.value(4));
        m.created = timeOf(query.value(5));
        result.append(m);
    }
    return result;
}

qint64 ConversationStore::appendMessage(qint64 conversation, const ChatMessage& message)
{
    QSqlDatabase db = m_database.connection();
    db.transaction();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO messages (conversation_id, position, role, content, reasoning, stats,"
                                 " created_at) VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM messages"
                                 " WHERE conversation_id = ?), ?, ?, ?, ?, ?)"));
    query.addBindValue(conversation);
    query.addBindValue(conversation);
    query.addBindValue(message.role);
    query.addBindValue(text(message.content));
    query.addBindValue(text(message.reasoning));
    query.addBindValue(jsonText(message.stats));
    query.addBindValue(message.created.isValid() ? message.created.toMSecsSinceEpoch() : now());
    if (!write(query)) {
        db.rollback();
        return 0;
    }
    const qint64 id = query.lastInsertId().toLongLong();
    if (message.role == QLatin1String("user")) {
        QSqlQuery title(db);
        title.prepare(QStringLiteral("UPDATE conversations SET title = ? WHERE id = ? AND title = ''"));
        title.addBindValue(titleFrom(message.content));
        title.addBindValue(conversation);
        write(title);
    }
    touch(conversation);
    if (!db.commit()) {
        reportFailure(db.lastError());
        return 0;
    }
    emit messagesChanged(conversation);
    emit conversationsChanged();
    return id;
}

bool ConversationStore::updateMessage(
    qint64 messageId, const QString& content, const QString& reasoning, const QJsonObject& stats)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE messages SET content = ?, reasoning = ?, stats = ? WHERE id = ?"));
    query.addBindValue(text(content));
    query.addBindValue(text(reasoning));
    query.addBindValue(jsonText(stats));
    query.addBindValue(messageId);
    if (!write(query) || query.numRowsAffected() != 1)
        return false;
    QSqlQuery owner(m_database.connection());
    owner.prepare(QStringLiteral("SELECT conversation_id FROM messages WHERE id = ?"));
    owner.addBindValue(messageId);
    if (run(owner) && owner.next())
        emit messagesChanged(owner.value(0).toLongLong());
    return true;
}

bool ConversationStore::removeMessagesFrom(qint64 conversation, qint64 messageId)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("DELETE FROM messages WHERE conversation_id = ? AND position >="
                                 " (SELECT position FROM messages WHERE id = ? AND conversation_id = ?)"));
    query.addBindValue(conversation);
    query.addBindValue(messageId);
    query.addBindValue(conversation);
    if (!write(query) || query.numRowsAffected() == 0)
        return false;
    touch(conversation);
    emit messagesChanged(conversation);
    emit conversationsChanged();
    return true;
}

bool ConversationStore::rename(qint64 id, const QString& title)
{
    return setColumn(id, "title", text(title.trimmed()));
}

bool ConversationStore::setPinned(qint64 id, bool pinned)
{
    return setColumn(id, "pinned", pinned ? 1 : 0);
}

bool ConversationStore::setSystemPrompt(qint64 id, const QString& prompt)
{
    return setColumn(id, "system_prompt", text(prompt));
}

bool ConversationStore::setSampling(qint64 id, const QJsonObject& sampling)
{
    return setColumn(id, "sampling", jsonText(sampling));
}

bool ConversationStore::remove(qint64 id)
{
    return setColumn(id, "deleted_at", now());
}

bool ConversationStore::restore(qint64 id)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE conversations SET deleted_at = NULL WHERE id = ?"));
    query.addBindValue(id);
    if (!write(query) || query.numRowsAffected() != 1)
        return false;
    emit conversationsChanged();
    return true;
}

void ConversationStore::purgeDeleted()
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("DELETE FROM conversations WHERE deleted_at IS NOT NULL"));
    write(query);
}

bool ConversationStore::touch(qint64 id)
{
    QSqlQuery query(m_database.connection());
    // Later than every other conversation even within one millisecond: the
    // one just written to is the most recent.
    query.prepare(QStringLiteral(
        "UPDATE conversations SET updated_at = MAX(?, (SELECT MAX(updated_at) FROM conversations) + 1) WHERE id = ?"));
    query.addBindValue(now());
    query.addBindValue(id);
    return write(query);
}

bool ConversationStore::setColumn(qint64 id, const char* column, const QVariant& value)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE conversations SET %1 = ? WHERE id = ? AND deleted_at IS NULL")
                      .arg(QString::fromLatin1(column)));
    query.addBindValue(value);
    query.addBindValue(id);
    if (!write(query) || query.numRowsAffected() != 1)
        return false;
    emit conversationsChanged();
    return true;
}

} // namespace hearth::app
