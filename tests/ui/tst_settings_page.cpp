// The Settings area's downloads section: the hub's address, the proxy (a
// bad address explained and not saved), parallel downloads, and the access
// token — kept by the secret store, never in the settings file.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSemaphore>
#include <QSpinBox>
#include <QtTest>

#include "app/plan/machine_gpus.h"
#include "app/settings/secret_store.h"
#include "app/settings/settings.h"
#include "ui/settings/settings_page.h"

using namespace hearth;

class TestSettingsPage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("HearthTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HearthSettingsPageTest"));
        QSettings().clear();
        QFile::remove(app::SecretStore::filePath());
        qputenv("HEARTH_NO_KEYRING", "1");
        qunsetenv("HF_ENDPOINT");
    }

    void theComputeDeviceIsChosenFromThisMachinesGpus()
    {
        app::Settings settings;
        const app::MachineGpus gpus(
            app::MachineGpus::Snapshot { true, {}, { { 0, "Test GPU", 8ull << 30, 6ull << 30 } } });
        ui::SettingsPage page(settings, gpus, {}, nullptr);
        auto* device = page.findChild<QComboBox*>(QStringLiteral("engineDevice"));
        QVERIFY(device);
        QCOMPARE(device->count(), 3); // Automatic, CPU, the GPU
        QVERIFY(device->itemText(2).contains(QStringLiteral("Test GPU")));
        QCOMPARE(device->currentIndex(), 0);
        QSignalSpy engineChanged(&settings, &app::Settings::engineChanged);
        device->setCurrentIndex(1);
        QCOMPARE(settings.engineDevice().kind, app::EngineDevice::Kind::Cpu);
        QCOMPARE(engineChanged.count(), 1);

        // A GPU chosen on another machine is kept and shown as missing.
        settings.setEngineDevice({ app::EngineDevice::Kind::Gpu, 7 });
        ui::SettingsPage again(settings, gpus, {}, nullptr);
        auto* shown = again.findChild<QComboBox*>(QStringLiteral("engineDevice"));
        QVERIFY2(shown->currentText().contains(QStringLiteral("7")), qPrintable(shown->currentText()));
        QCOMPARE(settings.engineDevice().gpu, 7);
        settings.setEngineDevice({});
    }

    void gpusArriveAfterThePageIsShown()
    {
        app::Settings settings;
        settings.setEngineDevice({ app::EngineDevice::Kind::Gpu, 1 });
        QSemaphore answer;
        QThread* asked = nullptr;
        app::MachineGpus gpus([&] {
            asked = QThread::currentThread();
            answer.acquire(); // the driver takes its time
            return app::MachineGpus::Snapshot { true, {},
                { { 0, "First", 8ull << 30, 8ull << 30 }, { 1, "Second", 24ull << 30, 20ull << 30 } } };
        });
        ui::SettingsPage page(settings, gpus, {}, nullptr);
        auto* device = page.findChild<QComboBox*>(QStringLiteral("engineDevice"));
        // Not known yet: the page is there, the choice kept, nothing written.
        QCOMPARE(device->count(), 3);
        QVERIFY(device->currentText().startsWith(QStringLiteral("GPU 1")));
        QSignalSpy engineChanged(&settings, &app::Settings::engineChanged);
        answer.release();
        QTRY_VERIFY(gpus.isKnown());
        QVERIFY(asked && asked != QThread::currentThread());
        QCOMPARE(device->count(), 4);
        QVERIFY2(device->currentText().contains(QStringLiteral("Second")), qPrintable(device->currentText()));
        QCOMPARE(engineChanged.count(), 0);
        settings.setEngineDevice({});
    }

    void hubProxyTokenAndParallelDownloads()
    {
        app::Settings settings;
        app::SecretStore secrets;
        const app::MachineGpus gpus(app::MachineGpus::Snapshot {});
        ui::SettingsPage page(settings, gpus, {}, &secrets);
        page.show();
        QSignalSpy hubChanged(&settings, &app::Settings::hubChanged);

        auto* endpoint = page.findChild<QLineEdit*>(QStringLiteral("hubEndpoint"));
        endpoint->setText(QStringLiteral("https://hf-mirror.com"));
        emit endpoint->editingFinished();
        QCOMPARE(settings.hubEndpoint(), QStringLiteral("https://hf-mirror.com"));

        auto* mode = page.findChild<QComboBox*>(QStringLiteral("proxyMode"));
        auto* url = page.findChild<QLineEdit*>(QStringLiteral("proxyUrl"));
        QVERIFY(!url->isEnabled());
        mode->setCurrentIndex(mode->findData(int(app::NetworkProxy::Mode::Manual)));
        QVERIFY(url->isEnabled());
        url->setText(QStringLiteral("http://proxy.internal")); // no port
        emit url->editingFinished();
        QVERIFY(settings.hubProxy().mode != app::NetworkProxy::Mode::Manual);
        bool explained = false;
        for (const QLabel* label : page.findChildren<QLabel*>())
            explained = explained || label->text().contains(QStringLiteral("port"));
        QVERIFY(explained);
        url->setText(QStringLiteral("http://proxy.internal:3128"));
        emit url->editingFinished();
        QCOMPARE(settings.hubProxy().mode, app::NetworkProxy::Mode::Manual);
        QCOMPARE(settings.hubProxy().url.port(), 3128);

        page.findChild<QSpinBox*>(QStringLiteral("parallelDownloads"))->setValue(4);
        QCOMPARE(settings.parallelDownloads(), 4);
        QVERIFY(hubChanged.size() >= 3);

        QSignalSpy kept(&secrets, &app::SecretStore::changed);
        auto* token = page.findChild<QLineEdit*>(QStringLiteral("hubToken"));
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        token->setText(QStringLiteral("hf_PageSecret"));
        token->setModified(true);
        emit token->editingFinished();
        QTRY_COMPARE(kept.size(), 1);
        QString stored;
        secrets.read(app::SecretStore::hubToken(), [&](const QString& secret) { stored = secret; });
        QTRY_COMPARE(stored, QStringLiteral("hf_PageSecret"));
        QSettings file;
        file.sync();
        QFile plain(file.fileName());
        QVERIFY(plain.open(QIODevice::ReadOnly));
        QVERIFY(!plain.readAll().contains("PageSecret"));
    }
};

QTEST_MAIN(TestSettingsPage)
#include "tst_settings_page.moc"
