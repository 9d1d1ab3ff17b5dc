// One repository as Discover shows it, from a loopback hub: GGUF files
// grouped by quantization (split parts together), the shape read from the
// base model's config.json, a verdict per quantization for a given machine,
// and the card without its YAML header. Also the config.json reader alone.
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QtTest>

#include "hub/hub_client.h"
#include "hub/hub_model_shape.h"
#include "hub/repository_details.h"
#include "support/fake_file_server.h"

using namespace hearth;
using namespace hearth::app;

namespace {

// Qwen2.5-7B-Instruct's config.json, the fields that matter.
const QByteArray kQwen7bConfig = R"({"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2",
    "hidden_size": 3584, "intermediate_size": 18944, "num_hidden_layers": 28, "num_attention_heads": 28,
    "num_key_value_heads": 4, "vocab_size": 152064, "max_position_embeddings": 32768,
    "tie_word_embeddings": false})";

} // namespace

class TestRepositoryDetails : public QObject {
    Q_OBJECT
private slots:
    void aConfigGivesTheShape()
    {
        QString error;
        const auto shape = shapeFromConfig(QJsonDocument::fromJson(kQwen7bConfig).object(), &error);
        QVERIFY2(shape, qPrintable(error));
        QCOMPARE(shape->layers, 28u);
        QCOMPARE(shape->kv_heads, 4u);
        QCOMPARE(shape->head_dim, 128u);
        QVERIFY(shape->attention_bias); // Qwen2's q/k/v biases
        const double billions = count_parameters(*shape).total() / 1e9;
        QVERIFY2(billions > 7.5 && billions < 7.7, qPrintable(QString::number(billions)));
        QVERIFY(!shapeFromConfig(QJsonObject { { QStringLiteral("model_type"), QStringLiteral("llama") } }, &error));
        QVERIFY(error.contains(QStringLiteral("hidden_size")));

        const PlanModel stored = plannedFromGguf(*shape, 4'683'073'504, QStringLiteral("Q4_K_M"));
        QVERIFY(std::llabs(qint64(stored.stored->total_bytes()) - 4'683'073'504) < 1000);
    }

    void aRepositoryIsShownWithAVerdictPerQuantization()
    {
        test::FakeFileServer hub;
        hub.pages.insert("/api/models/org/Model-GGUF/tree/main",
            R"([{"type": "file", "path": "README.md", "size": 40},
                {"type": "file", "path": "model-q4_k_m.gguf", "size": 1, "lfs": {"oid": "aa", "size": 4683073504}},
                {"type": "file", "path": "model-f16-00001-of-00002.gguf", "size": 1, "lfs": {"oid": "bb", "size": 8000000000}},
                {"type": "file", "path": "model-f16-00002-of-00002.gguf", "size": 1, "lfs": {"oid": "cc", "size": 7237000000}}])");
        hub.pages.insert(
            "/api/models/org/Model-GGUF", R"({"id": "org/Model-GGUF", "cardData": {"base_model": ["org/Model"]}})");
        hub.pages.insert("/org/Model/resolve/main/config.json", kQwen7bConfig);
        hub.pages.insert(
            "/org/Model-GGUF/resolve/main/README.md", "---\nlicense: apache-2.0\n---\n# Model\n\nIt talks.\n");
        QNetworkAccessManager network;
        HubClient client(network);
        client.setEndpoint(hub.url(QString()));
        RepositoryDetails details(client);
        GpuSpec gpu;
        gpu.name = "Test GPU 8 GB";
        gpu.capacity_bytes = 8ull << 30;
        gpu.local = true;
        details.setMachine({ gpu }, 64ull << 30);
        QSignalSpy config(&details, &RepositoryDetails::configChanged);
        details.load(QStringLiteral("org/Model-GGUF"));
        QTRY_VERIFY(!details.config().isEmpty());
        QCOMPARE(details.configSource(), QStringLiteral("org/Model"));
        QTRY_VERIFY(!details.readme().isEmpty());
        QCOMPARE(details.readme(), QStringLiteral("# Model\n\nIt talks."));

        const auto& quantizations = details.quantizations();
        QCOMPARE(quantizations.size(), 2);
        QCOMPARE(quantizations[0].group.quantization, QStringLiteral("Q4_K_M"));
        QCOMPARE(quantizations[1].group.files.size(), 2); // the split F16, together
        QVERIFY(quantizations[0].fit && quantizations[1].fit);
        QCOMPARE(quantizations[0].fit->verdict, MachineFit::Verdict::FitsGpu);
        QCOMPARE(quantizations[1].fit->verdict, MachineFit::Verdict::PartialOffload);
    }

    void anAnswerForAnEarlierRepositoryIsDropped()
    {
        test::FakeFileServer hub;
        hub.pages.insert("/api/models/org/A/tree/main", R"([{"type": "file", "path": "a-q8_0.gguf", "size": 10}])");
        hub.pages.insert("/api/models/org/B/tree/main", R"([{"type": "file", "path": "b-q4_0.gguf", "size": 10}])");
        QNetworkAccessManager network;
        HubClient client(network);
        client.setEndpoint(hub.url(QString()));
        RepositoryDetails details(client);
        details.load(QStringLiteral("org/A"));
        details.load(QStringLiteral("org/B"));
        QTRY_COMPARE(details.quantizations().size(), 1);
        QTest::qWait(100);
        QCOMPARE(details.quantizations().size(), 1);
        QCOMPARE(details.quantizations().first().group.quantization, QStringLiteral("Q4_0"));
    }
};

QTEST_MAIN(TestRepositoryDetails)
#include "tst_repository_details.moc"
