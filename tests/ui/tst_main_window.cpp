#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QListWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "app/services.h"
#include "app/settings/settings.h"
#include "app/storage/database.h"
#include "tests/support/scripted_chat_backend.h"
#include "ui/chat/chat_page.h"
#include "ui/discover/discover_page.h"
#include "ui/discover/import_dialog.h"
#include "ui/main_window.h"
#include "ui/models/models_page.h"
#include "ui/planner/planner_page.h"
#include "ui/server/server_page.h"

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
        QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
        QCOMPARE(areas->currentIndex(), areas->count() - 1);
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
        QCOMPARE(navigation->item(2)->text(), QStringLiteral("Discover"));
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(areas->currentWidget(), window.discoverPage());
        QCOMPARE(navigation->item(3)->text(), QStringLiteral("Server"));
        QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
        QCOMPARE(areas->currentWidget(), window.findChild<ui::ServerPage*>());
        QTest::keyClick(&window, Qt::Key_5, Qt::ControlModifier);
        QCOMPARE(areas->currentWidget(), window.plannerPage());
        // Ctrl+I: the import dialog, over Discover.
        QTest::keyClick(&window, Qt::Key_I, Qt::ControlModifier);
        QCOMPARE(areas->currentWidget(), window.discoverPage());
        QTRY_VERIFY(window.findChild<ui::ImportDialog*>() && window.findChild<ui::ImportDialog*>()->isVisible());
        window.findChild<ui::ImportDialog*>()->reject();
        // Ctrl+N: a new chat, shown.
        QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(areas->currentWidget(), window.chatPage());
        QCOMPARE(chat.store.list().size(), 1);
        QCOMPARE(window.chatPage()->currentConversation(), chat.store.list().first().id);
    }

    void theLastAreaIsRemembered()
    {
        app::Settings settings;
        {
            ui::MainWindow window(settings);
            window.showArea(1);
            window.close();
        }
        ui::MainWindow window(settings);
        QCOMPARE(window.findChild<QStackedWidget*>()->currentIndex(), 1);
        window.showArea(0);
        window.close();
    }

    void theDarkThemeAppliesAtOnce()
    {
        app::Settings settings;
        ui::MainWindow window(settings);
        auto* theme = window.findChild<QComboBox*>(QStringLiteral("theme"));
        const QColor before = QApplication::palette().color(QPalette::Window);
        theme->setCurrentIndex(theme->findData(static_cast<int>(app::Settings::Theme::Dark)));
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
        QCOMPARE(app::Settings().theme(), app::Settings::Theme::Dark);
        theme->setCurrentIndex(theme->findData(static_cast<int>(app::Settings::Theme::Light)));
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);
        Q_UNUSED(before);
        theme->setCurrentIndex(0);
    }

    void chatDefaultsFromSettingsReachTheSession()
    {
        QTemporaryDir dir;
        app::Database database;
        QVERIFY(database.open(dir.filePath(QStringLiteral("hearth.sqlite3"))));
        app::Services services(database);
        app::Settings settings;
        ui::MainWindow window(settings, &services);
        auto* temperature = window.findChild<QDoubleSpinBox*>(QStringLiteral("defaultTemperature"));
        temperature->setValue(1.25);
        QCOMPARE(services.session.defaultSampling().temperature, 1.25);
        QCOMPARE(app::Settings().defaultSampling().temperature, 1.25);
        temperature->setValue(0.7);
    }

    // What a new user does: open Hearth, chat, quit; the chat is there the
    // next time, in the same place.
    void aConversationSurvivesARestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hearth.sqlite3"));
        test::ScriptedChatBackend backend;
        backend.pieces = { QStringLiteral("Hello"), QStringLiteral(" again.") };
        qint64 conversation = 0;
        {
            app::Database database;
            QVERIFY(database.open(path));
            app::Services services(database);
            services.session.setBackend(&backend);
            app::Settings settings;
            ui::MainWindow window(settings, &services);
            window.show();
            auto* composer = window.findChild<QPlainTextEdit*>(QStringLiteral("composer"));
            composer->setPlainText(QStringLiteral("Hi there"));
            QSignalSpy finished(&services.session, &app::ChatSession::answerFinished);
            QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
            QVERIFY(finished.wait());
            conversation = window.chatPage()->currentConversation();
            window.close();
        }
        app::Database database;
        QVERIFY(database.open(path));
        app::Services services(database);
        app::Settings settings;
        ui::MainWindow window(settings, &services);
        QCOMPARE(window.chatPage()->currentConversation(), conversation);
        const auto messages = services.store.messages(conversation);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.last().content, QStringLiteral("Hello again."));
        QCOMPARE(services.store.conversation(conversation)->title, QStringLiteral("Hi there"));
    }

    void languageChoiceIsSaved()
    {
        app::Settings settings;
        ui::MainWindow window(settings);
        auto* language = window.findChild<QComboBox*>(QStringLiteral("language"));
        language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
        QCOMPARE(app::Settings().language(), QStringLiteral("zh_CN"));
        QTest::qWait(0);
        language = window.findChild<QComboBox*>(QStringLiteral("language"));
        language->setCurrentIndex(0);
        QCOMPARE(app::Settings().language(), QString());
    }

    // A new language applies at once: the window is rebuilt in it and the open
    // conversation stays open.
    void anotherLanguageAppliesAtOnce()
    {
        QTemporaryDir dir;
        app::Database database;
        QVERIFY(database.open(dir.filePath(QStringLiteral("hearth.sqlite3"))));
        app::Services services(database);
        const qint64 conversation = services.store.create(QStringLiteral("kept open"));
        app::Settings settings;
        ui::MainWindow window(settings, &services);
        window.chatPage()->openConversation(conversation);
        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        QCOMPARE(navigation->item(0)->text(), QStringLiteral("Chat"));

        auto* language = window.findChild<QComboBox*>(QStringLiteral("language"));
        language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
        QTRY_COMPARE(navigation->item(0)->text(), QStringLiteral("对话"));
        QCOMPARE(navigation->item(1)->text(), QStringLiteral("模型"));
        QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("文件(&F)"));
        QCOMPARE(window.chatPage()->currentConversation(), conversation);

        language = window.findChild<QComboBox*>(QStringLiteral("language"));
        language->setCurrentIndex(language->findData(QStringLiteral("en")));
        QTRY_COMPARE(navigation->item(0)->text(), QStringLiteral("Chat"));
        settings.setLanguage(QString());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
