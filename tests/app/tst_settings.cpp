#include <QSignalSpy>
#include <QtTest>

#include "app/inference/chat_load_options.h"
#include "app/settings/language.h"
#include "app/settings/settings.h"

using namespace hearth::app;

class TestSettings : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("HearthTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HearthTest"));
        QSettings().clear();
    }

    void theChatLoadsOnTheDeviceTheSettingsName()
    {
        Settings settings;
        settings.setEngineDevice({});
        LocalModel::Options automatic = chatLoadOptions(settings);
        // Whether there is a GPU is asked when the model loads, off the GUI thread.
        QVERIFY(automatic.firstGpuWhenThere);
        QVERIFY(automatic.cpuWhenGpuFull);
        QCOMPARE(automatic.device, hearth::ComputeDevice::Cpu);
        QCOMPARE(automatic.parallel, 2u);
        settings.setEngineDevice({ EngineDevice::Kind::Gpu, 1 });
        const LocalModel::Options gpu = chatLoadOptions(settings);
        QCOMPARE(gpu.device, hearth::ComputeDevice::Cuda);
        QCOMPARE(gpu.gpu, 1);
        QVERIFY(!gpu.firstGpuWhenThere && !gpu.cpuWhenGpuFull);
        settings.setEngineDevice({ EngineDevice::Kind::Cpu, 0 });
        const LocalModel::Options cpu = chatLoadOptions(settings);
        QCOMPARE(cpu.device, hearth::ComputeDevice::Cpu);
        QVERIFY(!cpu.firstGpuWhenThere);
        settings.setEngineDevice({});
    }

    void languagePersists()
    {
        {
            Settings settings;
            QCOMPARE(settings.language(), QString());
            QSignalSpy changed(&settings, &Settings::languageChanged);
            settings.setLanguage(QStringLiteral("zh_CN"));
            settings.setLanguage(QStringLiteral("zh_CN"));
            QCOMPARE(changed.count(), 1);
        }
        QCOMPARE(Settings().language(), QStringLiteral("zh_CN"));
    }

    void everyChoicePersists()
    {
        {
            Settings settings;
            QCOMPARE(settings.theme(), Settings::Theme::System);
            QCOMPARE(settings.engineThreads(), 0u);
            QCOMPARE(settings.contextLength(), 0u);
            QCOMPARE(settings.engineDevice().kind, EngineDevice::Kind::Automatic);
            QCOMPARE(settings.defaultSampling().temperature, ChatSampling().temperature);
            QCOMPARE(settings.modelsFolder(), Settings::defaultModelsFolder());

            QSignalSpy engine(&settings, &Settings::engineChanged);
            QSignalSpy sampling(&settings, &Settings::defaultSamplingChanged);
            QSignalSpy folder(&settings, &Settings::modelsFolderChanged);
            settings.setTheme(Settings::Theme::Dark);
            settings.setEngineThreads(6);
            settings.setContextLength(16384);
            settings.setEngineDevice({ EngineDevice::Kind::Gpu, 1 });
            settings.setEngineDevice({ EngineDevice::Kind::Gpu, 1 });
            settings.setDefaultSampling(ChatSampling { 0.3, 0.8, 512, 9, QStringLiteral("high") });
            settings.setModelsFolder(QStringLiteral("/srv/models"));
            QCOMPARE(settings.hubProxy().mode, NetworkProxy::Mode::System);
            QCOMPARE(settings.parallelDownloads(), 2);
            settings.setHubProxy(NetworkProxy { NetworkProxy::Mode::Manual,
                QUrl(QStringLiteral("http://team:secret@proxy.internal:3128")), QStringLiteral("secret") });
            settings.setParallelDownloads(20);
            QCOMPARE(engine.count(), 3);
            QCOMPARE(sampling.count(), 1);
            QCOMPARE(folder.count(), 1);
        }
        Settings settings;
        QCOMPARE(settings.theme(), Settings::Theme::Dark);
        QCOMPARE(settings.engineThreads(), 6u);
        QCOMPARE(settings.contextLength(), 16384u);
        QCOMPARE(settings.engineDevice(), (EngineDevice { EngineDevice::Kind::Gpu, 1 }));
        settings.setEngineDevice({ EngineDevice::Kind::Cpu, 0 });
        QCOMPARE(Settings().engineDevice().kind, EngineDevice::Kind::Cpu);
        QCOMPARE(settings.defaultSampling().temperature, 0.3);
        QCOMPARE(settings.defaultSampling().maxTokens, 512);
        QCOMPARE(*settings.defaultSampling().seed, 9);
        QCOMPARE(settings.defaultSampling().reasoningEffort, QStringLiteral("high"));
        QCOMPARE(settings.modelsFolder(), QStringLiteral("/srv/models"));
        QCOMPARE(settings.hubProxy().mode, NetworkProxy::Mode::Manual);
        QCOMPARE(settings.hubProxy().url, QUrl(QStringLiteral("http://team@proxy.internal:3128"))); // no password
        QVERIFY(settings.hubProxy().password.isEmpty());
        QCOMPARE(settings.parallelDownloads(), 8);
    }

    void languagesIncludeChinese()
    {
        const auto languages = availableLanguages();
        QVERIFY(std::any_of(
            languages.begin(), languages.end(), [](const Language& l) { return l.code == QStringLiteral("zh_CN"); }));
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
