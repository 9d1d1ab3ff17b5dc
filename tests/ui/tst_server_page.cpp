// The Server area on a generated model: the switch serves the API at the
// address it shows, keys made in the app are required at once, sharing on
// the network without a key is refused, the snippets it shows work when
// run with the official client, and the log and the load test fill in.
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include "app/services.h"
#include "app/settings/settings.h"
#include "app/storage/database.h"
#include "engine/text/vocabulary.h"
#include "tests/support/http_test_client.h"
#include "tests/support/npm_test_model.h"
#include "ui/server/server_page.h"

using namespace hearth;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Closes the next message box once it shows, and keeps its text.
QString closeNextMessageBox()
{
    auto text = std::make_shared<QString>();
    QTimer::singleShot(0, [text] {
        for (QWidget* widget : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(widget); box && box->isVisible()) {
                *text = box->text();
                box->accept();
            }
    });
    return {};
}

} // namespace

class TestServerPage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("HearthTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HearthServerPageTest"));
        QSettings().clear();
        m_nodeModules = qEnvironmentVariable("HEARTH_TEST_DATA");
        m_modelPath = m_dir.filePath(QStringLiteral("tiny-server.gguf"));
        test::TestModelSpec spec;
        spec.hidden = 64;
        spec.ffn = 128;
        QVERIFY2(test::writeNpmTestModel(spec, "qwen2_5", m_modelPath),
            "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)");
    }

    void theSwitchServesWhatThePageShows()
    {
        app::Database database;
        QVERIFY(database.open(m_dir.filePath(QStringLiteral("hearth.sqlite3"))));
        app::Services services(database);
        app::Settings settings;
        QSignalSpy loaded(&services.model, &app::LocalModel::loaded);
        services.model.load(m_modelPath, { 256, 2, 1 });
        QVERIFY(loaded.wait(30000));
        ui::ServerPage page(services, settings);
        page.show();
        page.findChild<QSpinBox*>(QStringLiteral("serverPort"))->setValue(freePort());
        auto* toggle = page.findChild<QPushButton*>(QStringLiteral("serverToggle"));
        auto* status = page.findChild<QLabel*>(QStringLiteral("serverStatus"));

        toggle->click();
        QVERIFY(services.server.isRunning());
        const QString url = page.teammateUrl();
        QVERIFY(url.startsWith(QStringLiteral("http://127.0.0.1:")));
        QVERIFY(status->text().contains(url));
        QVERIFY(status->text().contains(QStringLiteral("tiny-server")));
        test::HttpTestClient client(services.server.port());
        QCOMPARE(client.get(QStringLiteral("/health")).status, 200);
        QVERIFY(page.findChild<QPlainTextEdit*>(QStringLiteral("curlSnippet"))->toPlainText().contains(url));

        // A key made in the app is needed from the next request on.
        const QByteArray secret = services.apiKeys.create(QStringLiteral("data team"), 0, 0);
        QTRY_COMPARE(client.get(QStringLiteral("/v1/models")).status, 401);
        client.setApiKey(secret);
        QCOMPARE(client.get(QStringLiteral("/v1/models")).status, 200);
        QVERIFY(status->text().contains(QStringLiteral("1 API key")));
        QVERIFY(page.findChild<QPlainTextEdit*>(QStringLiteral("javascriptSnippet"))
                    ->toPlainText()
                    .contains(QStringLiteral("OPENAI_API_KEY")));

        // The JavaScript snippet, as shown, runs with the official client.
        const QString script = QFileInfo(m_nodeModules).absolutePath() + QStringLiteral("/hearth-snippet-test.mjs");
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(page.findChild<QPlainTextEdit*>(QStringLiteral("javascriptSnippet"))->toPlainText().toUtf8());
        file.close();
        QProcess node;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(secret));
        node.setProcessEnvironment(environment);
        node.start(QStringLiteral("node"), { script });
        QVERIFY(node.waitForFinished(60000));
        QFile::remove(script);
        QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());

        // Every request is in the live log, newest first.
        QTRY_COMPARE(services.requestLog.records().first().path, QStringLiteral("/v1/chat/completions"));
        QCOMPARE(services.requestLog.records().first().keyName, QStringLiteral("data team"));
        QVERIFY(services.requestLog.records().first().streamed);
        QCOMPARE(services.audit.count(), services.requestLog.rowCount());

        // The load test panel measures this server.
        page.findChild<QLineEdit*>(QStringLiteral("loadTestKey"))->setText(QString::fromLatin1(secret));
        page.findChild<QSpinBox*>(QStringLiteral("loadTestConcurrency"))->setValue(2);
        page.findChild<QSpinBox*>(QStringLiteral("loadTestRequests"))->setValue(4);
        page.findChild<QPushButton*>(QStringLiteral("runLoadTest"))->click();
        auto* summary = page.findChild<QLabel*>(QStringLiteral("loadTestSummary"));
        QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains(QStringLiteral("4 of 4")), 60000);

        toggle->click();
        QVERIFY(!services.server.isRunning());
        QCOMPARE(client.get(QStringLiteral("/health")).status, 0);
    }

    void sharingOnTheNetworkNeedsAKey()
    {
        app::Database database;
        QVERIFY(database.open(m_dir.filePath(QStringLiteral("empty.sqlite3"))));
        app::Services services(database);
        app::Settings settings;
        ui::ServerPage page(services, settings);
        page.show();
        page.findChild<QSpinBox*>(QStringLiteral("serverPort"))->setValue(freePort());
        page.findChild<QCheckBox*>(QStringLiteral("shareOnLan"))->setChecked(true);
        closeNextMessageBox();
        page.findChild<QPushButton*>(QStringLiteral("serverToggle"))->click();
        QVERIFY(!services.server.isRunning());
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("serverStatus"))->text().contains(QStringLiteral("API key")));
        page.findChild<QCheckBox*>(QStringLiteral("shareOnLan"))->setChecked(false);
    }

private:
    QTemporaryDir m_dir;
    QString m_modelPath;
    QString m_nodeModules;
};

QTEST_MAIN(TestServerPage)
#include "tst_server_page.moc"
