// The Discover area against a loopback hub: the catalog is listed first;
// choosing a model shows its files by quantization with a verdict for this
// machine and its card; Download puts the file in the queue, and once
// verified it is in the library — found, planned and downloaded without
// leaving the window, through a mirror behind a proxy; a finished download
// opens for a chat. A search lists the hub's answer.
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QtTest>

#include "app/plan/machine_gpus.h"

#include "app/hub/download_list_model.h"
#include "app/hub/hub_connection.h"
#include "app/hub/hub_model_list.h"
#include "app/services.h"
#include "app/settings/settings.h"
#include "app/storage/database.h"
#include "engine/text/vocabulary.h"
#include "tests/support/fake_file_server.h"
#include "tests/support/fake_http_proxy.h"
#include "tests/support/hf_checkpoint.h"
#include "tests/support/npm_test_model.h"
#include "ui/discover/discover_page.h"

using namespace hearth;

class TestDiscoverPage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("HearthTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HearthDiscoverTest"));
        QSettings().clear();
        qputenv("HEARTH_NO_KEYRING", "1");
        qunsetenv("HF_ENDPOINT");
        const QString model = m_dir.filePath(QStringLiteral("tiny.gguf"));
        test::TestModelSpec spec;
        spec.hidden = 64;
        spec.ffn = 128;
        QVERIFY2(test::writeNpmTestModel(spec, "qwen2_5", model),
            "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)");
        QFile file(model);
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_hub.content = file.readAll();
        m_hub.filePath = "/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q8_0.gguf";
        const QByteArray sha = QCryptographicHash::hash(m_hub.content, QCryptographicHash::Sha256).toHex();
        m_hub.pages.insert("/api/models/Qwen/Qwen2.5-0.5B-Instruct-GGUF/tree/main",
            "[{\"type\": \"file\", \"path\": \"README.md\", \"size\": 30}, {\"type\": \"file\", \"path\": "
            "\"qwen2.5-0.5b-instruct-q8_0.gguf\", \"size\": 1, \"lfs\": {\"oid\": \""
                + sha + "\", \"size\": " + QByteArray::number(m_hub.content.size()) + "}}]");
        m_hub.pages.insert("/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/README.md",
            "---\nlicense: apache-2.0\n---\n# Qwen2.5-0.5B-Instruct-GGUF\n\nA *small* model.\n");
        m_hub.pages.insert("/api/models/Qwen/Qwen2.5-0.5B-Instruct-GGUF", "{\"cardData\": {}}");
        m_hub.pages.insert("/api/models", "[{\"id\": \"org/Found-GGUF\", \"downloads\": 42, \"likes\": 7}]");
    }

    void findPlanAndDownloadWithoutLeavingTheWindow()
    {
        app::Database database;
        QVERIFY(database.open(m_dir.filePath(QStringLiteral("hearth.sqlite3"))));
        app::Services services(database);
        app::Settings settings;
        // A mirror only the company's proxy reaches.
        test::FakeHttpProxy proxy;
        settings.setHubEndpoint(QStringLiteral("http://mirror.test:%1").arg(m_hub.serverPort()));
        settings.setHubProxy(app::NetworkProxy { app::NetworkProxy::Mode::Manual, proxy.url(), {} });
        settings.setModelsFolder(m_dir.filePath(QStringLiteral("models")));
        app::HubConnection connection(settings, services.secrets, services.network, services.hub, services.downloads);
        QSignalSpy applied(&connection, &app::HubConnection::applied);
        connection.apply();
        QTRY_VERIFY(!applied.isEmpty());

        ui::DiscoverPage page(services, settings, m_gpus);
        page.resize(1200, 800);
        page.show();
        auto* results = page.findChild<QListView*>(QStringLiteral("results"));
        QVERIFY(results->model()->rowCount() > 10); // the catalog, first
        QVERIFY(results->model()->index(0, 0).data().toString().startsWith(QStringLiteral("Qwen2.5-0.5B")));
        results->setCurrentIndex(results->model()->index(0, 0));

        auto* files = page.findChild<QTreeWidget*>(QStringLiteral("quantizations"));
        QTRY_COMPARE(files->topLevelItemCount(), 1);
        QTreeWidgetItem* q8 = files->topLevelItem(0);
        QCOMPARE(q8->text(0), QStringLiteral("Q8_0"));
        QVERIFY2(
            !q8->text(2).isEmpty() && !q8->text(2).startsWith(QStringLiteral("Not judged")), qPrintable(q8->text(2)));
        // The verdict waits for the file's weight types, read from its header on the hub.
        QTRY_VERIFY2(!files->topLevelItem(0)->text(2).contains(QStringLiteral("checking")),
            qPrintable(files->topLevelItem(0)->text(2)));
        QVERIFY(!files->topLevelItem(0)->text(2).contains(QStringLiteral("not checked")));
        auto* card = page.findChild<QTextBrowser*>();
        QTRY_VERIFY(card->toPlainText().contains(QStringLiteral("A small model.")));
        QVERIFY(!card->toPlainText().contains(QStringLiteral("license:"))); // the YAML header is not shown

        QSignalSpy added(&services.library, &app::ModelLibrary::modelAdded);
        auto* download = page.findChild<QPushButton*>(QStringLiteral("download-Q8_0"));
        QVERIFY(download);
        download->click();
        auto* queue = page.findChild<QTableView*>(QStringLiteral("downloads"));
        QCOMPARE(queue->model()->rowCount(), 1);
        QVERIFY(added.wait(20000));
        const QString path
            = m_dir.filePath(QStringLiteral("models/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf"));
        QVERIFY(services.library.modelAt(path).has_value());
        QTRY_VERIFY(queue->model()->index(0, app::DownloadListModel::StatusColumn).data().toString() == tr("Done"));
        QStringList hosts;
        for (const QUrl& url : proxy.requests)
            hosts << url.host();
        hosts.removeDuplicates();
        QCOMPARE(hosts, QStringList { QStringLiteral("mirror.test") }); // all of it through the proxy, to the mirror

        // Double-clicking a finished download opens it for a chat.
        QSignalSpy chat(&page, &ui::DiscoverPage::loadRequested);
        const QRect row = queue->visualRect(queue->model()->index(0, 0));
        QTest::mouseClick(queue->viewport(), Qt::LeftButton, {}, row.center()); // a double-click starts with a press
        QTest::mouseDClick(queue->viewport(), Qt::LeftButton, {}, row.center());
        QCOMPARE(chat.size(), 1);
        QCOMPARE(chat.first().first().toString(), path);

        auto* query = page.findChild<QLineEdit*>(QStringLiteral("query"));
        query->setText(QStringLiteral("found"));
        QTest::keyClick(query, Qt::Key_Return);
        QTRY_COMPARE(results->model()->rowCount(), 1);
        QCOMPARE(results->model()->index(0, 0).data(app::HubModelList::RepositoryRole).toString(),
            QStringLiteral("org/Found-GGUF"));
    }

    // A repository with only a safetensors checkpoint: downloaded, converted
    // to GGUF, and in the library.
    void aCheckpointIsDownloadedAndConverted()
    {
        const QString source = m_dir.filePath(QStringLiteral("qwen-source.gguf"));
        test::TestModelSpec spec;
        spec.architecture = "qwen2";
        spec.hidden = 64;
        spec.ffn = 128;
        spec.head_dim = 16;
        QVERIFY(test::writeNpmTestModel(spec, "qwen2_5", source));
        const std::filesystem::path checkpoint = m_dir.filePath(QStringLiteral("exported")).toStdString();
        test::export_checkpoint(source.toStdString(), checkpoint, 2);
        for (const char* file : { "tokenizer.json", "tokenizer_config.json" })
            std::filesystem::copy_file(test::npmTokenizer("qwen2_5").parent_path() / file, checkpoint / file);
        QJsonArray tree;
        for (const auto& entry : std::filesystem::directory_iterator(checkpoint)) {
            QFile file(QString::fromStdString(entry.path().string()));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            const QString name = QString::fromStdString(entry.path().filename().string());
            m_hub.files.insert("/org/Tiny-Qwen/resolve/main/" + name.toUtf8(), bytes);
            QJsonObject item { { QStringLiteral("type"), QStringLiteral("file") }, { QStringLiteral("path"), name },
                { QStringLiteral("size"), bytes.size() } };
            if (name.endsWith(QStringLiteral(".safetensors")))
                item.insert(QStringLiteral("lfs"),
                    QJsonObject { { QStringLiteral("size"), bytes.size() },
                        { QStringLiteral("oid"),
                            QString::fromLatin1(
                                QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()) } });
            tree.append(item);
        }
        m_hub.pages.insert("/api/models/org/Tiny-Qwen/tree/main", QJsonDocument(tree).toJson());
        m_hub.pages.insert("/api/models", "[{\"id\": \"org/Tiny-Qwen\", \"downloads\": 1}]");
        m_hub.pages.insert("/org/Tiny-Qwen/resolve/main/README.md", "# Tiny Qwen");

        app::Database database;
        QVERIFY(database.open(m_dir.filePath(QStringLiteral("checkpoint.sqlite3"))));
        app::Services services(database);
        app::Settings settings;
        settings.setHubEndpoint(m_hub.url(QString()).toString());
        settings.setHubProxy(app::NetworkProxy { app::NetworkProxy::Mode::None, {}, {} });
        settings.setModelsFolder(m_dir.filePath(QStringLiteral("checkpoints")));
        app::HubConnection connection(settings, services.secrets, services.network, services.hub, services.downloads);
        QSignalSpy applied(&connection, &app::HubConnection::applied);
        connection.apply();
        QTRY_VERIFY(!applied.isEmpty());

        ui::DiscoverPage page(services, settings, m_gpus);
        page.show();
        auto* query = page.findChild<QLineEdit*>(QStringLiteral("query"));
        query->setText(QStringLiteral("tiny qwen"));
        QTest::keyClick(query, Qt::Key_Return);
        auto* results = page.findChild<QListView*>(QStringLiteral("results"));
        QTRY_COMPARE(results->model()->index(0, 0).data(app::HubModelList::RepositoryRole).toString(),
            QStringLiteral("org/Tiny-Qwen"));
        results->setCurrentIndex(results->model()->index(0, 0));
        QPushButton* download = nullptr;
        QTRY_VERIFY((download = page.findChild<QPushButton*>(QStringLiteral("download-checkpoint"))));
        QSignalSpy converted(&services.conversions, &app::CheckpointConversions::converted);
        download->click();
        QVERIFY(converted.wait(60000));
        const QString model = converted.first().at(1).toString();
        QCOMPARE(model, m_dir.filePath(QStringLiteral("checkpoints/Tiny-Qwen-F16.gguf")));
        QTRY_VERIFY(services.library.modelAt(model).has_value());
    }

private:
    app::MachineGpus m_gpus { app::MachineGpus::Snapshot {} }; // known: no GPU
    QTemporaryDir m_dir;
    test::FakeFileServer m_hub;
};

QTEST_MAIN(TestDiscoverPage)
#include "tst_discover_page.moc"
