#pragma once

#include <QList>
#include <QObject>

#include "server/request_record.h"

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

private:
    Database& m_database;
    int m_sinceTrim = 0;
};

} // namespace hearth::app
