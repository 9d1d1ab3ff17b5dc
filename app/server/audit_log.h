#pragma once

#include <QList>
#include <QObject>

#include "app/server/request_record.h"

namespace hearth::app {

class Database;

// Every API request, kept in the database: time, key name, endpoint,
// model, tokens, latency, status, and the prompt and answer only when the
// server was told to record text. The oldest entries go beyond a limit.
class AuditLog : public QObject {
    Q_OBJECT
public:
    explicit AuditLog(Database& database, QObject* parent = nullptr);

    void record(const RequestRecord& record);
    // The newest first.
    QList<RequestRecord> recent(int limit) const;
    qint64 count() const;
    // Keeps the newest `rows`.
    void trim(qint64 rows);
    // Every entry, oldest first, as CSV (RFC 4180) for a spreadsheet or an
    // auditor. false with `error` set when the file cannot be written.
    bool exportCsv(const QString& path, QString* error = nullptr) const;

private:
    Database& m_database;
    int m_sinceTrim = 0;
};

} // namespace hearth::app
