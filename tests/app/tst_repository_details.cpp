// One repository as Discover shows it, from a loopback hub: GGUF files
// grouped by quantization (split parts together), the shape read from the
// base model's config.json, a verdict per quantization for a given machine,
// and the card without its YAML header. Also the config.json reader alone.
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QtTest>

#include "app/hub/hub_client.h"
#include "app/hub/hub_model_shape.h"
#include "app/hub/repository_details.h"
#include "tests/support/fake_file_server.h"
#include "tests/support/gguf_builder.h"

using namespace hearth;
using namespace hearth::app;

namespace {

// Qwen2.5-7B-Instruct's config.json, the fields that matter.
const QByteArray kQwen7bConfig = R"({"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2",
    "hidden_size": 3584, "intermediate_size": 18944, "num_hidden_layers": 28, "num_attention_heads": 28,
    "num_key_value_heads": 4, "vocab_size": 152064, "max_position_embeddings": 32768,
    "tie_word_embeddings": false})";

// A GGUF header as llama.cpp writes one: a vocabulary of `tokens` entries
// (what makes real headers megabytes long), then tensors of `types`.
QByteArray ggufOf(const QString& quantizedBy, const std::vector<test::TensorType>& types, int tokens = 60'000,
    const std::string& architecture = "llama")
{
    std::vector<std::string> vocabulary;
    for (int i = 0; i < tokens; ++i)
        vocabulary.push_back("token-" + std::to_string(i));
    test::GgufBuilder b;
    b.string("general.architecture", architecture).string("general.quantized_by", quantizedBy.toStdString());
    b.strings("tokenizer.ggml.tokens", vocabulary);
    int layer = 0;
    for (const auto& type : types)
        b.tensor("blk." + std::to_string(layer++) + ".ffn_down.weight", { 256, 2 }, type);
    const auto bytes = b.build();
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
}

QByteArray listingOf(const QMap<QByteArray, QByteArray>& files)
{
    QByteArray listing = "[";
    for (auto it = files.begin(); it != files.end(); ++it)
        listing += QByteArray(listing.size() > 1 ? "," : "") + R"({"type": "file", "path": ")"
            + it.key().mid(it.key().lastIndexOf('/') + 1) + R"(", "size": 1, "lfs": {"oid": "00", "size": )"
            + QByteArray::number(it.value().size()) + "}}";
    return listing + "]";
}

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

    // Each file's header is read from the hub: a file whose tensors include
    // a type this build cannot run is marked, whatever its name says; the
    // later files are read from a window, not from their start.
    void everyFilesWeightTypesAreReadBeforeADownload()
    {
        constexpr test::TensorType kNvfp4 { 40, 64, 36 };
        constexpr test::TensorType kFuture { 57, 256, 100 };
        test::FakeFileServer hub;
        hub.files.insert("/org/M-GGUF/resolve/main/m-q4_k_m.gguf",
            ggufOf(QStringLiteral("a"), { test::kQ4_K, test::kQ6_K, test::kF32 }));
        hub.files.insert("/org/M-GGUF/resolve/main/m-q4_0.gguf",
            ggufOf(QStringLiteral("someone else"), { test::kQ4_0, test::kQ4_0, test::kF32 }));
        hub.files.insert(
            "/org/M-GGUF/resolve/main/m-q4_k_s.gguf", ggufOf(QStringLiteral("b"), { kNvfp4, test::kQ8_0, test::kF32 }));
        hub.files.insert(
            "/org/M-GGUF/resolve/main/m-q2_k-00001-of-00002.gguf", ggufOf(QStringLiteral("c"), { test::kQ4_K }));
        hub.files.insert(
            "/org/M-GGUF/resolve/main/m-q2_k-00002-of-00002.gguf", ggufOf(QStringLiteral("c"), { kFuture }, 0));
        hub.files.insert("/org/M-GGUF/resolve/main/m-q8_0.gguf", QByteArray(200'000, 'x'));
        hub.pages.insert("/api/models/org/M-GGUF/tree/main", listingOf(hub.files));
        QNetworkAccessManager network;
        HubClient client(network);
        client.setEndpoint(hub.url(QString()));
        RepositoryDetails details(client);
        details.setMachine({}, 64ull << 30);
        details.load(QStringLiteral("org/M-GGUF"));
        const auto byQuantization = [&](const QString& name) {
            for (const auto& q : details.quantizations())
                if (q.group.quantization == name)
                    return q;
            return RepositoryDetails::Quantization {};
        };
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(details.quantizations().begin(), details.quantizations().end(),
                                     [](const auto& q) { return q.unrunnableTypes || !q.typesError.isEmpty(); })
                && details.quantizations().size() == 5,
            10000);
        QVERIFY(byQuantization(QStringLiteral("Q4_K_M")).runs());
        QVERIFY(byQuantization(QStringLiteral("Q4_0")).runs());
        QCOMPARE(*byQuantization(QStringLiteral("Q4_K_S")).unrunnableTypes, QStringList { QStringLiteral("NVFP4") });
        QCOMPARE(*byQuantization(QStringLiteral("Q2_K")).unrunnableTypes, QStringList { QStringLiteral("type 57") });
        const auto broken = byQuantization(QStringLiteral("Q8_0"));
        QVERIFY(!broken.unrunnableTypes);
        QVERIFY2(broken.typesError.contains(QStringLiteral("m-q8_0.gguf")), qPrintable(broken.typesError));

        // The bytes asked of each whole-model file: the first is read from
        // its start, the others mostly from a window around its directory.
        QMap<QByteArray, qint64> asked;
        for (qsizetype i = 0; i < hub.pathsSeen.size(); ++i) {
            const QByteArray range = hub.rangesSeen[i].mid(6);
            QVERIFY2(range.contains('-') && !range.endsWith('-'), range.constData()); // every request bounded
            asked[hub.pathsSeen[i]]
                += range.mid(range.indexOf('-') + 1).toLongLong() - range.left(range.indexOf('-')).toLongLong() + 1;
        }
        // Smallest group first: the split Q2_K (one tensor in its first part:
        // no template), then Q4_0, read whole, whose directory the next two
        // files are found near.
        const qint64 header = hub.files.value("/org/M-GGUF/resolve/main/m-q4_0.gguf").size();
        QCOMPARE(asked.value("/org/M-GGUF/resolve/main/m-q4_0.gguf"), header);
        QVERIFY(asked.value("/org/M-GGUF/resolve/main/m-q4_k_m.gguf") < header / 2);
        QVERIFY(asked.value("/org/M-GGUF/resolve/main/m-q4_k_s.gguf") < header / 2);
    }

    // A repository of an architecture this build does not run is marked
    // from its files' headers, whatever their weight types: every file of
    // it, the ones read from a window too, and no download is offered.
    void filesOfAnArchitectureHearthDoesNotRunAreMarked()
    {
        test::FakeFileServer hub;
        hub.files.insert("/org/G-GGUF/resolve/main/g-q4_k_m.gguf",
            ggufOf(QStringLiteral("a"), { test::kQ4_K, test::kQ6_K, test::kF32 }, 60'000, "gemma3"));
        hub.files.insert("/org/G-GGUF/resolve/main/g-q4_0.gguf",
            ggufOf(QStringLiteral("b"), { test::kQ4_0, test::kQ4_0, test::kF32 }, 60'000, "gemma3"));
        hub.pages.insert("/api/models/org/G-GGUF/tree/main", listingOf(hub.files));
        hub.files.insert("/org/Q-GGUF/resolve/main/q-q4_0.gguf",
            ggufOf(QStringLiteral("c"), { test::kQ4_0, test::kF32 }, 60'000, "qwen3moe"));
        hub.pages.insert("/api/models/org/Q-GGUF/tree/main",
            listingOf({ { "/org/Q-GGUF/resolve/main/q-q4_0.gguf",
                hub.files.value("/org/Q-GGUF/resolve/main/q-q4_0.gguf") } }));
        QNetworkAccessManager network;
        HubClient client(network);
        client.setEndpoint(hub.url(QString()));
        RepositoryDetails details(client);
        details.load(QStringLiteral("org/G-GGUF"));
        QTRY_VERIFY_WITH_TIMEOUT(details.quantizations().size() == 2
                && std::all_of(details.quantizations().begin(), details.quantizations().end(),
                    [](const auto& q) { return q.unrunnableTypes.has_value(); }),
            10000);
        for (const auto& quantization : details.quantizations()) {
            QCOMPARE(quantization.unrunnableArchitecture, QStringLiteral("gemma3"));
            QVERIFY(quantization.wontRun());
            QVERIFY(!quantization.runs());
        }

        details.load(QStringLiteral("org/Q-GGUF")); // a mixture of experts the engine runs
        QTRY_VERIFY_WITH_TIMEOUT(
            details.quantizations().size() == 1 && details.quantizations().first().unrunnableTypes.has_value(), 10000);
        QVERIFY(details.quantizations().first().runs());
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
