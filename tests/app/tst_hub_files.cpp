// What the hub's API answers, read: search results, file lists in both of
// its shapes with their LFS hashes, quantizations from file names, and split
// GGUF files grouped with their parts.
#include <QJsonDocument>
#include <QtTest>

#include "app/hub/hub_files.h"

using namespace hearth::app;

class TestHubFiles : public QObject {
    Q_OBJECT
private slots:
    void searchResults()
    {
        const QJsonArray answer = QJsonDocument::fromJson(
            "[{\"_id\": \"1\", \"id\": \"Qwen/Qwen2.5-7B-Instruct-GGUF\", \"downloads\": 123456, \"likes\": 78, "
            "\"pipeline_tag\": \"text-generation\", \"library_name\": \"gguf\", \"tags\": [\"gguf\", \"chat\"], "
            "\"lastModified\": \"2024-09-19T10:00:00.000Z\", \"gated\": false}, "
            "{\"modelId\": \"meta-llama/Llama-3.1-8B-Instruct\", \"gated\": \"manual\"}, {\"downloads\": 5}]")
                                      .array();
        const QList<HubModelSummary> models = parseModelSearch(answer);
        QCOMPARE(models.size(), 2);
        QCOMPARE(models[0].id, QStringLiteral("Qwen/Qwen2.5-7B-Instruct-GGUF"));
        QCOMPARE(models[0].downloads, 123456);
        QCOMPARE(models[0].likes, 78);
        QCOMPARE(models[0].library, QStringLiteral("gguf"));
        QCOMPARE(models[0].tags, (QStringList { QStringLiteral("gguf"), QStringLiteral("chat") }));
        QVERIFY(!models[0].gated);
        QCOMPARE(models[1].id, QStringLiteral("meta-llama/Llama-3.1-8B-Instruct"));
        QVERIFY(models[1].gated);
    }

    void filesInBothShapes()
    {
        const QJsonObject model = QJsonDocument::fromJson(
            "{\"id\": \"r\", \"siblings\": [{\"rfilename\": \"README.md\", \"size\": 900}, {\"rfilename\": "
            "\"a-q4_k_m.gguf\", \"size\": 4000, \"lfs\": {\"sha256\": \"abc\", \"size\": 4000, \"pointerSize\": "
            "130}}]}")
                                      .object();
        const QList<HubFile> siblings = parseModelFiles(model);
        QCOMPARE(siblings.size(), 2);
        QCOMPARE(siblings[0].size, 900);
        QVERIFY(siblings[0].sha256.isEmpty());
        QCOMPARE(siblings[1].sha256, QByteArray("abc"));
        const QJsonArray tree = QJsonDocument::fromJson(
            "[{\"type\": \"directory\", \"path\": \"sub\"}, {\"type\": \"file\", \"path\": \"sub/b-Q8_0.gguf\", "
            "\"size\": "
            "130, \"oid\": \"gitoid\", \"lfs\": {\"oid\": \"def\", \"size\": 8000, \"pointerSize\": 130}}]")
                                    .array();
        const QList<HubFile> files = parseModelFiles(tree);
        QCOMPARE(files.size(), 1);
        QCOMPARE(files[0].path, QStringLiteral("sub/b-Q8_0.gguf"));
        QCOMPARE(files[0].size, 8000); // the LFS object's, not the pointer's
        QCOMPARE(files[0].sha256, QByteArray("def"));
    }

    void quantizationsFromNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("quant");
        QTest::newRow("lower") << QStringLiteral("qwen2.5-7b-instruct-q4_k_m.gguf") << QStringLiteral("Q4_K_M");
        QTest::newRow("upper") << QStringLiteral("Meta-Llama-3.1-8B-Instruct-Q8_0.gguf") << QStringLiteral("Q8_0");
        QTest::newRow("split") << QStringLiteral("qwen2.5-72b-instruct-q5_k_m-00001-of-00014.gguf")
                               << QStringLiteral("Q5_K_M");
        QTest::newRow("dots") << QStringLiteral("model.Q6_K.gguf") << QStringLiteral("Q6_K");
        QTest::newRow("iq") << QStringLiteral("x-IQ4_XS.gguf") << QStringLiteral("IQ4_XS");
        QTest::newRow("f16") << QStringLiteral("x-fp16.gguf") << QStringLiteral("F16");
        QTest::newRow("bf16") << QStringLiteral("x-BF16.gguf") << QStringLiteral("BF16");
        QTest::newRow("q4_0") << QStringLiteral("sub/x-q4_0.gguf") << QStringLiteral("Q4_0");
        QTest::newRow("mxfp4") << QStringLiteral("gpt-oss-20b-mxfp4.gguf") << QStringLiteral("MXFP4");
        QTest::newRow("nvfp4") << QStringLiteral("x-NVFP4.gguf") << QStringLiteral("NVFP4");
        QTest::newRow("iq2_m") << QStringLiteral("Qwen3-30B-A3B-UD-IQ2_M.gguf") << QStringLiteral("IQ2_M");
        QTest::newRow("tq") << QStringLiteral("bitnet-tq1_0.gguf") << QStringLiteral("TQ1_0");
        QTest::newRow("none") << QStringLiteral("mmproj-model.gguf") << QStringLiteral("other");
    }

    void quantizationsFromNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, quant);
        QCOMPARE(quantizationOf(name), quant);
    }

    void splitFilesGoTogether()
    {
        const QList<HubFile> files {
            { QStringLiteral("m-q4_k_m-00002-of-00002.gguf"), 300, "b" },
            { QStringLiteral("m-q4_k_m-00001-of-00002.gguf"), 500, "a" },
            { QStringLiteral("m-q8_0.gguf"), 900, "c" },
            { QStringLiteral("m-q2_k.gguf"), 200, "d" },
            { QStringLiteral("README.md"), 10, {} },
        };
        const QList<QuantizationGroup> groups = groupByQuantization(files);
        QCOMPARE(groups.size(), 3);
        QCOMPARE(groups[0].quantization, QStringLiteral("Q2_K")); // smallest first
        QCOMPARE(groups[1].quantization, QStringLiteral("Q4_K_M"));
        QCOMPARE(groups[1].totalSize, 800);
        QCOMPARE(groups[1].files.size(), 2);
        QCOMPARE(groups[1].files[0].path, QStringLiteral("m-q4_k_m-00001-of-00002.gguf"));
        QCOMPARE(groups[2].quantization, QStringLiteral("Q8_0"));
    }
};

QTEST_GUILESS_MAIN(TestHubFiles)
#include "tst_hub_files.moc"
