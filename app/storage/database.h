#pragma once

#include <QSqlDatabase>
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

    // Opens, creating the file and its folder, and migrates. false: see errorString().
    bool open(const QString& path);
    QString errorString() const { return m_error; }

    QSqlDatabase connection() const;
    int schemaVersion() const;

    // hearth.sqlite3 in the standard application data location.
    static QString defaultPath();
    static int latestSchemaVersion();

private:
    bool migrate();

    QString m_connectionName;
    QString m_path;
    QString m_error;
};

} // namespace hearth::app
