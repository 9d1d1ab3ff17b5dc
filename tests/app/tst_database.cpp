#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "app/storage/database.h"

using namespace hearth::app;

class TestDatabase : public QObject {
    Q_OBJECT
private slots:
    void aNewDatabaseGetsTheLatestSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("nested/folder/hearth.sqlite3"));
        Database db;
        QVERIFY2(db.open(path), qPrintable(db.errorString()));
        QVERIFY(QFile::exists(path));
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM conversations")));
    }

    void dataSurvivesReopening()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hearth.sqlite3"));
        {
            Database db;
            QVERIFY(db.open(path));
            QSqlQuery query(db.connection());
            QVERIFY(query.exec(
                QStringLiteral("INSERT INTO conversations (title, created_at, updated_at) VALUES ('kept', 1, 1)")));
        }
        Database db;
        QVERIFY(db.open(path));
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(QStringLiteral("SELECT title FROM conversations")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("kept"));
    }

    void aDatabaseFromANewerHearthIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hearth.sqlite3"));
        {
            Database db;
            QVERIFY(db.open(path));
            QSqlQuery query(db.connection());
            QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = %1").arg(Database::latestSchemaVersion() + 1)));
        }
        Database db;
        QVERIFY(!db.open(path));
        QVERIFY2(db.errorString().contains(QStringLiteral("newer Hearth")), qPrintable(db.errorString()));
    }

    void aFileThatIsNotADatabaseIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hearth.sqlite3"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        Database db;
        QVERIFY(!db.open(path));
        QVERIFY2(db.errorString().contains(path), qPrintable(db.errorString()));
    }

    // A damaged file is named as such, and the way out keeps it for recovery.
    void aDamagedDatabaseCanBeMovedAsideKeepingTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hearth.sqlite3"));
        {
            Database db;
            QVERIFY(db.open(path));
            QSqlQuery query(db.connection());
            for (int i = 0; i < 200; ++i)
                QVERIFY(query.exec(QStringLiteral("INSERT INTO conversations (title, created_at, updated_at) VALUES "
                                                  "('%1', 1, 1)")
                                       .arg(QString(300, QLatin1Char('a' + i % 26)))));
            QVERIFY(query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        // Scribble over the pages after the header, as a failing disk might.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.size() > 16384);
        file.seek(4096);
        file.write(QByteArray(8192, '\x5a'));
        file.close();
        const QByteArray damaged = [&] {
            QFile f(path);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();

        Database db;
        QVERIFY(!db.open(path));
        QCOMPARE(db.problem(), Database::Problem::Damaged);
        QVERIFY2(db.errorString().contains(QStringLiteral("damaged")), qPrintable(db.errorString()));
        const QString kept = db.moveAsideAndStartFresh();
        QVERIFY2(!kept.isEmpty(), qPrintable(db.errorString()));
        QVERIFY(kept.startsWith(path + QStringLiteral(".damaged-")));
        QFile old(kept);
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), damaged); // kept as it was, for recovery
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM conversations")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 0);
    }

    // Another Hearth holding the file past the busy timeout: named, so the
    // window can offer to try again.
    void aDatabaseHeldByAnotherHearthIsNamedLocked()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hearth.sqlite3"));
        {
            Database db;
            QVERIFY(db.open(path));
        }
        Database holder(QStringLiteral("holder"));
        QVERIFY(holder.open(path));
        QSqlQuery hold(holder.connection());
        QVERIFY(hold.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE")));
        QVERIFY(hold.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        Database second(QStringLiteral("second"));
        second.setBusyTimeout(200);
        QVERIFY(!second.open(path));
        QCOMPARE(second.problem(), Database::Problem::Locked);
        QVERIFY2(second.errorString().contains(QStringLiteral("another Hearth")), qPrintable(second.errorString()));
        QVERIFY(hold.exec(QStringLiteral("COMMIT")));
    }

    void twoConnectionsOpenTheSameFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hearth.sqlite3"));
        Database first(QStringLiteral("first"));
        Database second(QStringLiteral("second"));
        QVERIFY(first.open(path));
        QVERIFY(second.open(path));
        QSqlQuery write(first.connection());
        QVERIFY(write.exec(
            QStringLiteral("INSERT INTO conversations (title, created_at, updated_at) VALUES ('shared', 1, 1)")));
        QSqlQuery read(second.connection());
        QVERIFY(read.exec(QStringLiteral("SELECT COUNT(*) FROM conversations")));
        QVERIFY(read.next());
        QCOMPARE(read.value(0).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
