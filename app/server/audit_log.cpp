#include "app/server/audit_log.h"

#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>

#include "app/storage/database.h"

namespace hearth::app {

namespace {

// About 100 bytes a row without text: a few tens of MB at most.
constexpr qint64 keptRows = 500'000;

// A null QString binds as SQL NULL; these columns hold '' instead.
QString text(const QString& value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

} // namespace

AuditLog::AuditLog(Database& database, QObject* parent)
    : QObject(parent)
    , m_database(database)
{ }

void AuditLog::record(const RequestRecord& record)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("INSERT INTO audit_log (time, key_name, method, path, model, status, prompt_tokens, "
                                 "completion_tokens, latency_ms, ttft_ms, streamed, prompt, answer) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(record.time.toMSecsSinceEpoch());
    query.addBindValue(text(record.keyName));
    query.addBindValue(text(record.method));
    query.addBindValue(text(record.path));
    query.addBindValue(text(record.model));
    query.addBindValue(record.status);
    query.addBindValue(record.promptTokens);
    query.addBindValue(record.completionTokens);
    query.addBindValue(qRound64(record.latencyS * 1000));
    query.addBindValue(qRound64(record.timeToFirstTokenS * 1000));
    query.addBindValue(record.streamed ? 1 : 0);
    query.addBindValue(record.prompt.isEmpty() ? QVariant() : QVariant(record.prompt));
    query.addBindValue(record.answer.isEmpty() ? QVariant() : QVariant(record.answer));
    if (!query.exec())
        qWarning("Audit log: %s", qPrintable(query.lastError().text()));
    if (++m_sinceTrim >= 1000) {
        m_sinceTrim = 0;
        trim(keptRows);
    }
}

QList<RequestRecord> AuditLog::recent(int limit) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("SELECT time, key_name, method, path, model, status, prompt_tokens, "
                                 "completion_tokens, latency_ms, ttft_ms, streamed, prompt, answer "
                                 "FROM audit_log ORDER BY id DESC LIMIT ?"));
    query.addBindValue(limit);
    QList<RequestRecord> records;
    if (!query.exec())
        return records;
    while (query.next()) {
        RequestRecord r;
        r.time = QDateTime::fromMSecsSinceEpoch(query.value(0).toLongLong(), Qt::UTC);
        r.keyName = query.value(1).toString();
        r.method = query.value(2).toString();
        r.path = query.value(3).toString();
        r.model = query.value(4).toString();
        r.status = query.value(5).toInt();
        r.promptTokens = query.value(6).toInt();
        r.completionTokens = query.value(7).toInt();
        r.latencyS = query.value(8).toLongLong() / 1000.0;
        r.timeToFirstTokenS = query.value(9).toLongLong() / 1000.0;
        r.streamed = query.value(10).toBool();
        r.prompt = query.value(11).toString();
        r.answer = query.value(12).toString();
        records << r;
    }
    return records;
}

qint64 AuditLog::count() const
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM audit_log")) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

void AuditLog::trim(qint64 rows)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("DELETE FROM audit_log WHERE id <= (SELECT id FROM audit_log ORDER BY id DESC "
                                 "LIMIT 1 OFFSET ?)"));
    query.addBindValue(rows);
    if (!query.exec())
        qWarning("Audit log: %s", qPrintable(query.lastError().text()));
}

namespace {

QByteArray csvField(const QString& value)
{
    QByteArray bytes = value.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r'))
        bytes = '"' + bytes.replace('"', "\"\"") + '"';
    return bytes;
}

} // namespace

bool AuditLog::exportCsv(const QString& path, QString* error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write("time,key,method,path,model,status,prompt_tokens,completion_tokens,latency_ms,ttft_ms,streamed,prompt,"
               "answer\r\n");
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    if (query.exec(
            QStringLiteral("SELECT time, key_name, method, path, model, status, prompt_tokens, completion_tokens, "
                           "latency_ms, ttft_ms, streamed, prompt, answer FROM audit_log ORDER BY id"))) {
        while (query.next()) {
            QByteArrayList fields;
            fields << QDateTime::fromMSecsSinceEpoch(query.value(0).toLongLong(), Qt::UTC)
                          .toString(Qt::ISODateWithMs)
                          .toUtf8();
            for (int column = 1; column <= 12; ++column)
                fields << csvField(query.value(column).toString());
            file.write(fields.join(',') + "\r\n");
        }
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace hearth::app
