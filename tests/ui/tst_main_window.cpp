#include <QComboBox>
#include <QListWidget>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "chat/chat_page.h"
#include "main_window.h"
#include "models/models_page.h"
#include "planner/planner_page.h"
#include "services.h"
#include "settings/settings.h"
#include "storage/database.h"

using namespace hearth;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("HearthTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HearthTest"));
        QSettings().clear();
    }

    void listsOnlyTheAreasThatExist()
    {
        app::Settings settings;
        ui::MainWindow window(settings);
        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        QCOMPARE(navigation->count(), 2);
        QCOMPARE(navigation->item(0)->text(), QStringLiteral("Planner"));
        QCOMPARE(navigation->item(1)->text(), QStringLiteral("Settings"));
        QVERIFY(window.plannerPage());
    }

    void shortcutsSwitchAreas()
    {
        app::Settings settings;
        ui::MainWindow window(settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto* areas = window.findChild<QStackedWidget*>();
        QCOMPARE(areas->currentIndex(), 0);
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(areas->currentIndex(), 1);
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(areas->currentWidget(), window.plannerPage());
    }

    void withItsHistoryTheChatComesFirst()
    {
        QTemporaryDir dir;
        app::Database database;
        QVERIFY(database.open(dir.filePath(QStringLiteral("hearth.sqlite3"))));
        app::Services chat(database);
        app::Settings settings;
        ui::MainWindow window(settings, &chat);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        QCOMPARE(navigation->item(0)->text(), QStringLiteral("Chat"));
        auto* areas = window.findChild<QStackedWidget*>();
        QCOMPARE(areas->currentWidget(), window.chatPage());
        QCOMPARE(navigation->item(1)->text(), QStringLiteral("Models"));
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(areas->currentWidget(), window.modelsPage());
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(areas->currentWidget(), window.plannerPage());
        // Ctrl+N: a new chat, shown.
        QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(areas->currentWidget(), window.chatPage());
        QCOMPARE(chat.store.list().size(), 1);
        QCOMPARE(window.chatPage()->currentConversation(), chat.store.list().first().id);
    }

    void languageChoiceIsSaved()
    {
        app::Settings settings;
        ui::MainWindow window(settings);
        auto* language = window.findChild<QComboBox*>(QStringLiteral("language"));
        language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
        QCOMPARE(app::Settings().language(), QStringLiteral("zh_CN"));
        language->setCurrentIndex(0);
        QCOMPARE(app::Settings().language(), QString());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
