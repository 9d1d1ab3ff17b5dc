// Secrets stay out of the settings file: in the keyring where there is one,
// else in a file only the user can read; they can be read back and removed.
#include <QSettings>
#include <QSignalSpy>
#include <QtTest>

#include "app/settings/secret_store.h"

using namespace hearth::app;

class TestSecretStore : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("HearthTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HearthSecrets"));
        QFile::remove(SecretStore::filePath());
    }

    void theFileKeepsSecretsFromOthersAndFromTheSettings()
    {
        SecretStore store;
        store.setKeyringEnabled(false);
        QSettings settings;
        settings.setValue(QStringLiteral("hub/endpoint"), QStringLiteral("https://hf-mirror.com"));
        settings.sync();
        QCOMPARE(write(store, SecretStore::hubToken(), QStringLiteral("hf_abcdefSECRET")), SecretStore::Where::File);
        QCOMPARE(read(store, SecretStore::hubToken()), QStringLiteral("hf_abcdefSECRET"));
        const QFileDevice::Permissions permissions = QFile::permissions(SecretStore::filePath());
        QVERIFY(permissions.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QCOMPARE(permissions & 0x0077, 0); // not the group's, not others'
        QFile plain(settings.fileName());
        QVERIFY(plain.open(QIODevice::ReadOnly));
        QVERIFY(!plain.readAll().contains("SECRET"));

        write(store, SecretStore::proxyPassword(), QStringLiteral("pw"));
        write(store, SecretStore::hubToken(), QString()); // removes it
        QCOMPARE(read(store, SecretStore::hubToken()), QString());
        QCOMPARE(read(store, SecretStore::proxyPassword()), QStringLiteral("pw"));
        QFile file(SecretStore::filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("SECRET"));
    }

    // No desktop session, so no keyring: the file takes the secret, and
    // reading finds it there.
    void withoutAKeyringTheFileIsUsed()
    {
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        SecretStore store;
        QCOMPARE(write(store, SecretStore::hubToken(), QStringLiteral("hf_second")), SecretStore::Where::File);
        QCOMPARE(read(store, SecretStore::hubToken()), QStringLiteral("hf_second"));
        SecretStore fileOnly;
        fileOnly.setKeyringEnabled(false);
        QCOMPARE(read(fileOnly, SecretStore::hubToken()), QStringLiteral("hf_second"));
    }

private:
    static SecretStore::Where write(SecretStore& store, const QString& key, const QString& secret)
    {
        std::optional<SecretStore::Where> where;
        QString error;
        store.write(key, secret, [&](SecretStore::Where at, const QString& problem) {
            where = at;
            error = problem;
        });
        if (!QTest::qWaitFor([&] { return where.has_value(); }, 30000))
            qFatal("the secret store did not answer");
        if (!error.isEmpty())
            qWarning("%s", qPrintable(error));
        return *where;
    }

    static QString read(SecretStore& store, const QString& key)
    {
        std::optional<QString> secret;
        store.read(key, [&](const QString& found) { secret = found; });
        if (!QTest::qWaitFor([&] { return secret.has_value(); }, 30000))
            qFatal("the secret store did not answer");
        return *secret;
    }
};

QTEST_MAIN(TestSecretStore)
#include "tst_secret_store.moc"
