// The API keys made in the window and the audit log, in SQLite: secrets
// are never stored, names are unique among working keys, revocation and
// limits persist, and the audit log keeps text only when it was given.
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "app/server/api_key_store.h"
#include "app/server/audit_log.h"
#include "app/storage/database.h"

using namespace hearth::app;

class TestApiKeys : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_dir.emplace();
        m_path = m_dir->filePath(QStringLiteral("hearth.sqlite3"));
    }

    void aSecretIsShownOnceAndNeverStored()
    {
        QByteArray secret;
        {
            Database db;
            QVERIFY(db.open(m_path));
            ApiKeyStore store(db);
            QSignalSpy changed(&store, &ApiKeyStore::keysChanged);
            secret = store.create(QStringLiteral("Data team"), 60, 10000);
            QVERIFY(secret.startsWith("sk-hearth-"));
            QCOMPARE(changed.size(), 1);
            QCOMPARE(store.rowCount(), 1);
            QCOMPARE(store.data(store.index(0, ApiKeyStore::NameColumn)).toString(), QStringLiteral("Data team"));
            const QList<ApiKey> keys = store.activeKeys();
            QCOMPARE(keys.size(), 1);
            QVERIFY(keys.first().matches(secret));
            QCOMPARE(keys.first().requestsPerMinute, 60);
            QCOMPARE(keys.first().tokensPerMinute, 10000);
            QSqlQuery checkpoint(db.connection());
            checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        for (const QString& file : QDir(m_dir->path()).entryList(QDir::Files)) {
            QFile f(m_dir->filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(secret.mid(10)), qPrintable(file));
        }
        Database db;
        QVERIFY(db.open(m_path));
        ApiKeyStore reopened(db);
        QCOMPARE(reopened.rowCount(), 1);
        QVERIFY(reopened.activeKeys().first().matches(secret));
    }

    void namesAreNeededAndUnique()
    {
        Database db;
        QVERIFY(db.open(m_path));
        ApiKeyStore store(db);
        QString error;
        QVERIFY(store.create(QStringLiteral("  "), 0, 0, &error).isEmpty());
        QVERIFY(!error.isEmpty());
        QVERIFY(!store.create(QStringLiteral("ops"), 0, 0).isEmpty());
        error.clear();
        QVERIFY(store.create(QStringLiteral("OPS"), 0, 0, &error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("OPS")));
        // A revoked key's name may be used again.
        QVERIFY(store.revoke(0));
        QVERIFY(!store.create(QStringLiteral("ops"), 0, 0).isEmpty());
        QCOMPARE(store.rowCount(), 2);
    }

    void revokedKeysStayListedButLetNobodyIn()
    {
        Database db;
        QVERIFY(db.open(m_path));
        ApiKeyStore store(db);
        const QByteArray first = store.create(QStringLiteral("first"), 0, 0);
        const QByteArray second = store.create(QStringLiteral("second"), 0, 0);
        QVERIFY(store.revoke(0));
        QVERIFY(!store.revoke(store.rowCount() - 1)); // already revoked: sorted last
        QCOMPARE(store.activeKeys().size(), 1);
        QVERIFY(store.activeKeys().first().matches(second));
        QVERIFY(store.isRevoked(1));
        QVERIFY(store.data(store.index(1, ApiKeyStore::StatusColumn)).toString()
            != store.data(store.index(0, ApiKeyStore::StatusColumn)).toString());
        QVERIFY(store.setLimits(0, 5, 500));
        ApiKeyStore reopened(db);
        QCOMPARE(reopened.activeKeys().size(), 1);
        QCOMPARE(reopened.activeKeys().first().requestsPerMinute, 5);
        QCOMPARE(reopened.activeKeys().first().tokensPerMinute, 500);
        Q_UNUSED(first);
    }

    void theAuditLogKeepsWhatItIsGiven()
    {
        Database db;
        QVERIFY(db.open(m_path));
        AuditLog log(db);
        RequestRecord bare; // what a request refused before its body was read leaves empty
        bare.time = QDateTime::fromMSecsSinceEpoch(1'699'000'000'000, Qt::UTC);
        bare.status = 401;
        log.record(bare);
        QCOMPARE(log.count(), 1);
        QCOMPARE(log.recent(1).first().status, 401);
        for (int i = 0; i < 5; ++i) {
            RequestRecord record;
            record.time = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + i * 1000, Qt::UTC);
            record.keyName = QStringLiteral("team %1").arg(i);
            record.method = QStringLiteral("POST");
            record.path = QStringLiteral("/v1/chat/completions");
            record.model = QStringLiteral("tiny");
            record.status = i == 4 ? 429 : 200;
            record.promptTokens = 10 + i;
            record.completionTokens = 20 + i;
            record.latencyS = 0.5;
            record.timeToFirstTokenS = 0.05;
            if (i == 3) {
                record.prompt = QStringLiteral("[{\"role\":\"user\",\"content\":\"hi\"}]");
                record.answer = QStringLiteral("hello");
            }
            log.record(record);
        }
        QCOMPARE(log.count(), 6);
        const QString csv = m_dir->filePath(QStringLiteral("audit.csv"));
        QVERIFY(log.exportCsv(csv));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 8); // the header, six entries, and the end
        QVERIFY(lines[0].startsWith("time,key,method,path,model,status"));
        QVERIFY(lines[1].startsWith("2023-11-"));
        QVERIFY(lines[5].contains("\"[{\"\"role\"\":\"\"user\"\",\"\"content\"\":\"\"hi\"\"}]\""));
        QVERIFY(!log.exportCsv(m_dir->filePath(QStringLiteral("missing/folder/audit.csv"))));
        log.trim(5); // the oldest, the bare one, goes
        QCOMPARE(log.count(), 5);
        const QList<RequestRecord> recent = log.recent(3);
        QCOMPARE(recent.size(), 3);
        QCOMPARE(recent[0].status, 429);
        QCOMPARE(recent[0].keyName, QStringLiteral("team 4"));
        QCOMPARE(recent[0].time, QDateTime::fromMSecsSinceEpoch(1'700'000'004'000, Qt::UTC));
        QCOMPARE(recent[0].latencyS, 0.5);
        QCOMPARE(recent[0].timeToFirstTokenS, 0.05);
        QVERIFY(recent[0].prompt.isEmpty() && recent[0].answer.isEmpty());
        QCOMPARE(recent[1].answer, QStringLiteral("hello"));
        log.trim(2);
        QCOMPARE(log.count(), 2);
        QCOMPARE(log.recent(10).last().keyName, QStringLiteral("team 3"));
    }

private:
    std::optional<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_api_keys.moc"
