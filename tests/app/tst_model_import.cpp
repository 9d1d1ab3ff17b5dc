// Importing without a network: files and folders verified against a
// sha256sum list, copied through a .part or linked; a mismatch or an
// unlisted file is refused and leaves nothing behind; a split model's parts
// travel together and enter the library as one.
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/library/model_import.h"

using namespace hearth::app;

Q_DECLARE_METATYPE(QList<hearth::app::ModelImport::Outcome>)

class TestModelImport : public QObject {
    Q_OBJECT
private slots:
    void checksumListsAreRead()
    {
        QHash<QString, QByteArray> sums;
        QString error;
        const QByteArray a(64, 'a');
        const QByteArray b(64, 'B');
        QVERIFY(parseChecksums(
            "# from the vendor\n" + a + "  qwen-q4_k_m.gguf\n\n" + b + " *./sub/part.gguf\n", &sums, &error));
        QCOMPARE(sums.value(QStringLiteral("qwen-q4_k_m.gguf")), a);
        QCOMPARE(sums.value(QStringLiteral("sub/part.gguf")), QByteArray(64, 'b'));
        QVERIFY(!parseChecksums(a + "  x.gguf\nnot a line\n", &sums, &error));
        QVERIFY2(error.contains(QStringLiteral("Line 2")), qPrintable(error));
    }

    void aFolderIsVerifiedAndCopied()
    {
        const QString usb = m_dir.filePath(QStringLiteral("usb/models"));
        const QByteArray one = write(usb + QStringLiteral("/one-q8_0.gguf"), 300000);
        const QByteArray two = write(usb + QStringLiteral("/nested/two-q4_0.gguf"), 200000);
        const QString list = usb + QStringLiteral("/SHA256SUMS");
        writeText(list, sha(one) + "  one-q8_0.gguf\n" + sha(two) + "  nested/two-q4_0.gguf\n");
        const QString library = m_dir.filePath(QStringLiteral("library"));
        const auto outcomes = run({ { usb }, list, ModelImport::Mode::Copy, library });
        QCOMPARE(outcomes.size(), 2);
        for (const auto& outcome : outcomes)
            QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QCOMPARE(read(library + QStringLiteral("/models/one-q8_0.gguf")), one);
        QCOMPARE(read(library + QStringLiteral("/models/nested/two-q4_0.gguf")), two);
        QCOMPARE(ModelImport::libraryPaths(outcomes).size(), 2);
        QVERIFY(!QFileInfo(library + QStringLiteral("/models/one-q8_0.gguf")).isSymLink());
    }

    void aMismatchOrAnUnlistedFileIsRefused()
    {
        const QString usb = m_dir.filePath(QStringLiteral("usb2"));
        const QByteArray good = write(usb + QStringLiteral("/good.gguf"), 100000);
        const QByteArray bad = write(usb + QStringLiteral("/bad.gguf"), 100000);
        write(usb + QStringLiteral("/stray.gguf"), 1000);
        const QString list = m_dir.filePath(QStringLiteral("sums.txt"));
        writeText(list, sha(good) + "  good.gguf\n" + sha(bad + "x") + "  bad.gguf\n");
        const QString library = m_dir.filePath(QStringLiteral("library2"));
        const auto outcomes = run({ { usb }, list, ModelImport::Mode::Copy, library });
        QCOMPARE(outcomes.size(), 3);
        QStringList errors;
        for (const auto& outcome : outcomes)
            errors << outcome.error;
        QVERIFY2(errors.filter(QStringLiteral("SHA-256")).size() == 1, qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(errors.filter(QStringLiteral("not in the checksum list")).size(), 1);
        QCOMPARE(ModelImport::libraryPaths(outcomes), QStringList { library + QStringLiteral("/usb2/good.gguf") });
        QCOMPARE(QDir(library + QStringLiteral("/usb2")).entryList(QDir::Files),
            QStringList { QStringLiteral("good.gguf") });
    }

    void linkingLeavesTheFileWhereItIs()
    {
        const QByteArray bytes = write(m_dir.filePath(QStringLiteral("share/big-q8_0.gguf")), 50000);
        const QString library = m_dir.filePath(QStringLiteral("library3"));
        const auto outcomes
            = run({ { m_dir.filePath(QStringLiteral("share/big-q8_0.gguf")) }, {}, ModelImport::Mode::Link, library });
        QCOMPARE(outcomes.size(), 1);
        QVERIFY(outcomes.first().error.isEmpty());
        QCOMPARE(outcomes.first().sha256, sha(bytes));
        const QFileInfo linked(library + QStringLiteral("/big-q8_0.gguf"));
        QVERIFY(linked.isSymLink());
        QCOMPARE(read(linked.filePath()), bytes);
    }

    void aSplitModelTravelsWhole()
    {
        const QString usb = m_dir.filePath(QStringLiteral("usb3"));
        for (int part = 1; part <= 3; ++part)
            write(usb + QStringLiteral("/m-q4_k_m-%1-of-00003.gguf").arg(part, 5, 10, QLatin1Char('0')), 10000);
        const QString library = m_dir.filePath(QStringLiteral("library4"));
        const auto outcomes
            = run({ { usb + QStringLiteral("/m-q4_k_m-00001-of-00003.gguf") }, {}, ModelImport::Mode::Copy, library });
        QCOMPARE(outcomes.size(), 3);
        QCOMPARE(ModelImport::libraryPaths(outcomes),
            QStringList { library + QStringLiteral("/m-q4_k_m-00001-of-00003.gguf") });
        QFile::remove(usb + QStringLiteral("/m-q4_k_m-00003-of-00003.gguf"));
        const auto partial = run({ { usb + QStringLiteral("/m-q4_k_m-00001-of-00003.gguf") }, {},
            ModelImport::Mode::Copy, m_dir.filePath(QStringLiteral("library5")) });
        QVERIFY(ModelImport::libraryPaths(partial).isEmpty()); // a part is missing
        QVERIFY(partial.last().error.contains(QStringLiteral("missing")));
    }

private:
    static QList<ModelImport::Outcome> run(const ModelImport::Options& options)
    {
        ModelImport import;
        QList<ModelImport::Outcome> outcomes;
        bool done = false;
        connect(&import, &ModelImport::finished, &import, [&](const QList<ModelImport::Outcome>& result) {
            outcomes = result;
            done = true;
        });
        import.start(options);
        if (!QTest::qWaitFor([&] { return done; }, 20000))
            qFatal("the import did not finish");
        return outcomes;
    }
    static QByteArray write(const QString& path, int size)
    {
        QByteArray bytes(size, Qt::Uninitialized);
        for (char& byte : bytes)
            byte = char(QRandomGenerator::global()->bounded(256));
        writeText(path, bytes);
        return bytes;
    }
    static void writeText(const QString& path, const QByteArray& text)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        file.write(text);
    }
    static QByteArray read(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static QByteArray sha(const QByteArray& bytes)
    {
        return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    }

    QTemporaryDir m_dir;
};

QTEST_MAIN(TestModelImport)
#include "tst_model_import.moc"
