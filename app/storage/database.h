#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

namespace hearth::app {

// Hearth's one SQLite database: chat history and the model library. The
// schema's version is SQLite's user_version; opening migrates it forward one
// step at a time, each in its own transaction, so a crash mid-migration
// leaves the last complete version behind, and a database from a newer
// Hearth is refused rather than damaged.
class Database {
public:
    // `connectionName` names the Qt SQL connection: one per thread that uses it.
    explicit Database(QString connectionName = QStringLiteral("hearth"));
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Why open() failed, for the way out the window offers.
    enum class Problem {
        None,
        Locked, // another Hearth holds it past the busy timeout: try again later
        Damaged, // not a database, or a damaged one: move it aside and start fresh
        Newer, // written by a newer Hearth: update
        Other, // a folder that cannot be made, no SQLite driver, a full disk
    };

    // Opens, creating the file and its folder, and migrates. false: see
    // errorString() and problem().
    bool open(const QString& path);
    QString errorString() const { return m_error; }
    Problem problem() const { return m_problem; }

    // For a damaged database: renames the file (and its -wal and -shm) to
    // "<name>.damaged-<time>" beside it, keeping it for recovery, and opens a
    // new one at the same path. The kept file's path, or empty (errorString()).
    QString moveAsideAndStartFresh();

    // How long a statement waits for another Hearth's write to end before it
    // fails as locked (default 5 s).
    void setBusyTimeout(int milliseconds) { m_busyTimeoutMs = milliseconds; }

    QSqlDatabase connection() const;
    int schemaVersion() const;

    // Whether a statement failed because the disk (or SQLite's page limit) is full.
    static bool isDiskFull(const QSqlError& error);

    // hearth.sqlite3 in the standard application data location.
    static QString defaultPath();
    static int latestSchemaVersion();

private:
    bool migrate();
    // Records why `error` happened: Locked or Damaged by SQLite's code, else Other.
    void fail(const QString& message, const QSqlError& error);
    void close();

    QString m_connectionName;
    QString m_path;
    QString m_error;
    Problem m_problem = Problem::None;
    int m_busyTimeoutMs = 5000;
};

} // namespace hearth::app
