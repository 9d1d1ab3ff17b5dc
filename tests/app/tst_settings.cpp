#include <QSignalSpy>
#include <QtTest>

#include "settings/language.h"
#include "settings/settings.h"

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

    void languagesIncludeChinese()
    {
        const auto languages = availableLanguages();
        QVERIFY(std::any_of(
            languages.begin(), languages.end(), [](const Language& l) { return l.code == QStringLiteral("zh_CN"); }));
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
