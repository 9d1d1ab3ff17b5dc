#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/database.h"

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
