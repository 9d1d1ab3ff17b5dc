#include "app/storage/database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
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

// SQLite's primary result codes, as QSqlError::nativeErrorCode() gives them
// (extended codes keep the primary one in their low byte).
constexpr int kSqliteBusy = 5, kSqliteLocked = 6, kSqliteCorrupt = 11, kSqliteFull = 13, kSqliteNotADatabase = 26;

int primaryCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? code & 0xFF : 0;
}

} // namespace

Database::Database(QString connectionName)
    : m_connectionName(std::move(connectionName))
{ }

Database::~Database()
{
    close();
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

void Database::fail(const QString& message, const QSqlError& error)
{
    const int code = primaryCode(error);
    if (code == kSqliteBusy || code == kSqliteLocked) {
        m_problem = Problem::Locked;
        m_error = QCoreApplication::translate("Database",
            "%1 is in use by another Hearth (or another program) that is writing to it: close it, or try again "
            "in a moment.")
                      .arg(m_path);
    } else if (code == kSqliteCorrupt || code == kSqliteNotADatabase) {
        m_problem = Problem::Damaged;
        m_error = QCoreApplication::translate(
            "Database", "%1 is damaged (%2). Hearth can keep it aside for recovery and start a fresh history.")
                      .arg(m_path, error.databaseText());
    } else {
        m_problem = Problem::Other;
        m_error = message;
    }
}

QString Database::moveAsideAndStartFresh()
{
    close();
    const QString kept = m_path + QStringLiteral(".damaged-")
        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    for (const QString& suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") }) {
        if (!QFile::exists(m_path + suffix))
            continue;
        if (!QFile::rename(m_path + suffix, kept + suffix)) {
            m_problem = Problem::Other;
            m_error = QCoreApplication::translate("Database", "Cannot move %1 aside to %2.")
                          .arg(m_path + suffix, kept + suffix);
            return {};
        }
    }
    return open(m_path) ? kept : QString();
}

bool Database::isDiskFull(const QSqlError& error)
{
    return primaryCode(error) == kSqliteFull;
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
    m_problem = Problem::None;
    m_error.clear();
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        m_problem = Problem::Other;
        m_error = QCoreApplication::translate("Database", "Cannot create the folder of %1.").arg(path);
        return false;
    }
    QSqlDatabase db = QSqlDatabase::contains(m_connectionName)
        ? QSqlDatabase::database(m_connectionName, false)
        : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!db.isValid()) {
        m_problem = Problem::Other;
        m_error = QCoreApplication::translate("Database", "SQLite is not available: install Qt's SQLite driver.");
        return false;
    }
    db.setDatabaseName(path);
    // Two Hearths (the window and 'hearth serve') share the file: a write
    // waits for the other's to end instead of failing at once.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_busyTimeoutMs));
    if (!db.open()) {
        fail(QCoreApplication::translate("Database", "Cannot open %1: %2").arg(path, db.lastError().text()),
            db.lastError());
        return false;
    }
    // WAL: a crash loses at most the transaction in flight, and readers do not
    // wait for the writer.
    QSqlQuery pragmas(db);
    for (const char* pragma :
        { "PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL" })
        if (!pragmas.exec(QString::fromLatin1(pragma)) && primaryCode(pragmas.lastError()) != 0) {
            fail(QCoreApplication::translate("Database", "Cannot open %1: %2").arg(path, pragmas.lastError().text()),
                pragmas.lastError());
            if (m_problem != Problem::Other)
                return false;
        }
    // A damaged file can open and still answer the first pages: check its
    // structure once (a few milliseconds for a chat history).
    QSqlQuery check(db);
    if (!check.exec(QStringLiteral("PRAGMA quick_check(1)"))) {
        fail(QCoreApplication::translate("Database", "Cannot read %1: %2").arg(path, check.lastError().text()),
            check.lastError());
        return false;
    }
    if (check.next() && check.value(0).toString() != QLatin1String("ok")) {
        m_problem = Problem::Damaged;
        m_error = QCoreApplication::translate(
            "Database", "%1 is damaged (%2). Hearth can keep it aside for recovery and start a fresh history.")
                      .arg(path, check.value(0).toString());
        return false;
    }
    return migrate();
}

bool Database::migrate()
{
    QSqlDatabase db = connection();
    const int version = schemaVersion();
    if (version < 0) {
        m_error = QCoreApplication::translate("Database", "%1 is not a Hearth database: %2")
                      .arg(m_path, connection().lastError().text());
        m_problem = Problem::Other;
        return false;
    }
    if (version > latestSchemaVersion()) {
        m_problem = Problem::Newer;
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
                fail(QCoreApplication::translate("Database", "Cannot update %1 to schema version %2: %3")
                         .arg(m_path)
                         .arg(step + 1)
                         .arg(query.lastError().text()),
                    query.lastError());
                db.rollback();
                return false;
            }
        }
        query.exec(QStringLiteral("PRAGMA user_version = %1").arg(step + 1));
        if (!db.commit()) {
            fail(QCoreApplication::translate("Database", "Cannot update %1 to schema version %2: %3")
                     .arg(m_path)
                     .arg(step + 1)
                     .arg(db.lastError().text()),
                db.lastError());
            return false;
        }
    }
    return true;
}

} // namespace hearth::app
