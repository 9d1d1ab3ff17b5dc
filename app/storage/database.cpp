#include "storage/database.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStringList>

#include <vector>

namespace hearth::app {

namespace {

// Migration n takes the schema from version n to n + 1. Append; never edit
// one that has shipped.
const std::vector<QStringList>& migrations()
{
    static const std::vector<QStringList> steps {
        // 1: chat history. Times are milliseconds since the epoch (UTC).
        // deleted_at marks a conversation whose deletion can still be undone.
        {
            QStringLiteral("CREATE TABLE conversations ("
                           " id INTEGER PRIMARY KEY,"
                           " title TEXT NOT NULL,"
                           " system_prompt TEXT NOT NULL DEFAULT '',"
                           " sampling TEXT NOT NULL DEFAULT '{}',"
                           " pinned INTEGER NOT NULL DEFAULT 0,"
                           " created_at INTEGER NOT NULL,"
                           " updated_at INTEGER NOT NULL,"
                           " deleted_at INTEGER)"),
            QStringLiteral("CREATE TABLE messages ("
                           " id INTEGER PRIMARY KEY,"
                           " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
                           " position INTEGER NOT NULL,"
                           " role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),"
                           " content TEXT NOT NULL,"
                           " reasoning TEXT NOT NULL DEFAULT '',"
                           " stats TEXT NOT NULL DEFAULT '{}',"
                           " created_at INTEGER NOT NULL,"
                           " UNIQUE (conversation_id, position))"),
            QStringLiteral("CREATE INDEX conversations_by_update ON conversations (pinned DESC, updated_at DESC)"),
        },
        // 2: the model library. size_bytes and modified_at are the file's when
        // it was read: a file that no longer matches them was replaced.
        {
            QStringLiteral("CREATE TABLE models ("
                           " id INTEGER PRIMARY KEY,"
                           " path TEXT NOT NULL UNIQUE,"
                           " name TEXT NOT NULL,"
                           " architecture TEXT NOT NULL,"
                           " parameters INTEGER NOT NULL,"
                           " quantization TEXT NOT NULL,"
                           " context_length INTEGER NOT NULL,"
                           " size_bytes INTEGER NOT NULL,"
                           " modified_at INTEGER NOT NULL,"
                           " sha256 TEXT NOT NULL DEFAULT '',"
                           " added_at INTEGER NOT NULL,"
                           " last_used_at INTEGER)"),
        },
        // 3: the API server's keys (only salted digests of their secrets; a
        // revoked key stays, so the audit log's names keep their meaning) and
        // its audit log (no prompt or answer text unless the administrator
        // asked for it).
        {
            QStringLiteral("CREATE TABLE api_keys ("
                           " id INTEGER PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " salt BLOB NOT NULL,"
                           " digest BLOB NOT NULL,"
                           " requests_per_minute INTEGER NOT NULL DEFAULT 0,"
                           " tokens_per_minute INTEGER NOT NULL DEFAULT 0,"
                           " created_at INTEGER NOT NULL,"
                           " revoked_at INTEGER)"),
            QStringLiteral("CREATE TABLE audit_log ("
                           " id INTEGER PRIMARY KEY,"
                           " time INTEGER NOT NULL,"
                           " key_name TEXT NOT NULL DEFAULT '',"
                           " method TEXT NOT NULL,"
                           " path TEXT NOT NULL,"
                           " model TEXT NOT NULL DEFAULT '',"
                           " status INTEGER NOT NULL,"
                           " prompt_tokens INTEGER NOT NULL DEFAULT 0,"
                           " completion_tokens INTEGER NOT NULL DEFAULT 0,"
                           " latency_ms INTEGER NOT NULL DEFAULT 0,"
                           " ttft_ms INTEGER NOT NULL DEFAULT 0,"
                           " streamed INTEGER NOT NULL DEFAULT 0,"
                           " prompt TEXT,"
                           " answer TEXT)"),
            QStringLiteral("CREATE INDEX audit_log_by_time ON audit_log (time)"),
        },
        // 4: the download queue, so that downloads resume after Hearth is
        // closed or killed. The .part file beside `destination` holds the
        // bytes; received_bytes is only what was last shown.
        {
            QStringLiteral("CREATE TABLE downloads ("
                           " id INTEGER PRIMARY KEY,"
                           " repository TEXT NOT NULL,"
                           " file_path TEXT NOT NULL,"
                           " url TEXT NOT NULL,"
                           " destination TEXT NOT NULL,"
                           " size_bytes INTEGER NOT NULL,"
                           " sha256 TEXT NOT NULL DEFAULT '',"
                           " library_path TEXT NOT NULL,"
                           " priority INTEGER NOT NULL DEFAULT 0,"
                           " status TEXT NOT NULL,"
                           " error TEXT NOT NULL DEFAULT '',"
                           " received_bytes INTEGER NOT NULL DEFAULT 0,"
                           " added_at INTEGER NOT NULL,"
                           " finished_at INTEGER)"),
        },
        // 5: the tensor types of a library model that this build cannot run,
        // comma-separated; empty when it runs.
        {
            QStringLiteral("ALTER TABLE models ADD COLUMN unrunnable_types TEXT NOT NULL DEFAULT ''"),
        },
    };
    return steps;
}

} // namespace

Database::Database(QString connectionName)
    : m_connectionName(std::move(connectionName))
{ }

Database::~Database()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString Database::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("hearth.sqlite3"));
}

int Database::latestSchemaVersion()
{
    return static_cast<int>(migrations().size());
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int Database::schemaVersion() const
{
    QSqlQuery query(connection());
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

bool Database::open(const QString& path)
{
    m_path = path;
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        m_error = QCoreApplication::translate("Database", "Cannot create the folder of %1.").arg(path);
        return false;
    }
    QSqlDatabase db = QSqlDatabase::contains(m_connectionName)
        ? QSqlDatabase::database(m_connectionName, false)
        : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!db.isValid()) {
        m_error = QCoreApplication::translate("Database", "SQLite is not available: install Qt's SQLite driver.");
        return false;
    }
    db.setDatabaseName(path);
    if (!db.open()) {
        m_error = QCoreApplication::translate("Database", "Cannot open %1: %2").arg(path, db.lastError().text());
        return false;
    }
    // WAL: a crash loses at most the transaction in flight, and readers do not
    // wait for the writer.
    QSqlQuery pragmas(db);
    for (const char* pragma :
        { "PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL" })
        pragmas.exec(QString::fromLatin1(pragma));
    return migrate();
}

bool Database::migrate()
{
    QSqlDatabase db = connection();
    const int version = schemaVersion();
    if (version < 0) {
        m_error = QCoreApplication::translate("Database", "%1 is not a Hearth database: %2")
                      .arg(m_path, connection().lastError().text());
        return false;
    }
    if (version > latestSchemaVersion()) {
        m_error = QCoreApplication::translate("Database",
            "%1 was written by a newer Hearth (schema version %2, this one knows %3): update Hearth to open it.")
                      .arg(m_path)
                      .arg(version)
                      .arg(latestSchemaVersion());
        return false;
    }
    for (int step = version; step < latestSchemaVersion(); ++step) {
        db.transaction();
        QSqlQuery query(db);
        for (const QString& statement : migrations()[static_cast<std::size_t>(step)]) {
            if (!query.exec(statement)) {
                m_error = QCoreApplication::translate("Database", "Cannot update %1 to schema version %2: %3")
                              .arg(m_path)
                              .arg(step + 1)
                              .arg(query.lastError().text());
                db.rollback();
                return false;
            }
        }
        query.exec(QStringLiteral("PRAGMA user_version = %1").arg(step + 1));
        if (!db.commit()) {
            m_error = QCoreApplication::translate("Database", "Cannot update %1 to schema version %2: %3")
                          .arg(m_path)
                          .arg(step + 1)
                          .arg(db.lastError().text());
            return false;
        }
    }
    return true;
}

} // namespace hearth::app
