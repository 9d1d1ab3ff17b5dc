#include <QtTest>

#include "app/hub/hub_model_list.h"
#include "app/plan/catalog.h"

using namespace hearth;
using namespace hearth::app;

class TestCatalog : public QObject {
    Q_OBJECT
private slots:
    void hasTheGuidesFamilies()
    {
        const auto& catalog = ModelCatalog::builtIn();
        for (const char* id : { "qwen2.5-0.5b-instruct", "qwen2.5-1.5b-instruct", "qwen2.5-3b-instruct",
                 "qwen2.5-7b-instruct", "qwen2.5-14b-instruct", "qwen2.5-32b-instruct", "qwen2.5-72b-instruct",
                 "llama-3.1-8b-instruct", "llama-3.3-70b-instruct", "mistral-7b-instruct-v0.3",
                 "phi-3-mini-4k-instruct", "deepseek-r1-distill-qwen-7b", "deepseek-r1-distill-qwen-14b",
                 "deepseek-r1-distill-qwen-32b", "deepseek-r1-distill-llama-8b", "deepseek-r1-distill-llama-70b",
                 "yi-1.5-34b-chat", "mixtral-8x7b-instruct", "qwen3-30b-a3b", "deepseek-v3" })
            QVERIFY2(catalog.find(QLatin1String(id)), id);
        QVERIFY(catalog.find(QStringLiteral("Qwen2.5-7B-Instruct"))); // by name, any case
        // The engine runs Mixtral's and Qwen3-MoE's experts, not DeepSeek's.
        QVERIFY(catalog.find(QStringLiteral("deepseek-v3"))->clusterOnly);
        QVERIFY(!catalog.find(QStringLiteral("mixtral-8x7b-instruct"))->clusterOnly);
        QVERIFY(!catalog.find(QStringLiteral("qwen3-30b-a3b"))->clusterOnly);
        QVERIFY(!catalog.find(QStringLiteral("gpt-5")));
    }

    // Each shape's own parameter count must agree with what the model's
    // authors publish: a wrong layer count or FFN width shows up here.
    // Discover shows the catalog first: each entry says where its GGUF files
    // are and what it is good for, in English and Chinese, and every use the
    // guide names has a model.
    void everyEntryCanBeDiscovered()
    {
        const QStringList uses { QStringLiteral("general"), QStringLiteral("chinese"), QStringLiteral("code"),
            QStringLiteral("reasoning"), QStringLiteral("small") };
        QSet<QString> covered;
        for (const auto& model : ModelCatalog::builtIn().models()) {
            QVERIFY2(model.ggufRepo.count(QLatin1Char('/')) == 1, qPrintable(model.id));
            QVERIFY2(!model.goodFor.isEmpty(), qPrintable(model.id));
            for (const QString& use : model.goodFor) {
                QVERIFY2(uses.contains(use), qPrintable(model.id + QLatin1Char(' ') + use));
                covered.insert(use);
            }
            QVERIFY2(!model.summary.isEmpty() && !model.summaryZh.isEmpty(), qPrintable(model.id));
            QCOMPARE(model.summaryIn(QStringLiteral("zh_CN")), model.summaryZh);
            QCOMPARE(model.summaryIn(QStringLiteral("en")), model.summary);
        }
        QCOMPARE(covered.size(), uses.size());
    }

    void discoverListsTheCatalogByUseAndSearchResults()
    {
        HubModelList list;
        list.showCatalog(ModelCatalog::builtIn(), QStringLiteral("code"), QStringLiteral("zh_CN"));
        QVERIFY(list.showsCatalog());
        QStringList repositories;
        for (int row = 0; row < list.rowCount(); ++row)
            repositories << list.entryAt(row).repository;
        QVERIFY2(repositories.contains(QStringLiteral("Qwen/Qwen2.5-Coder-7B-Instruct-GGUF")),
            qPrintable(repositories.join(QLatin1Char(' '))));
        QVERIFY(!repositories.contains(QStringLiteral("Qwen/Qwen2.5-0.5B-Instruct-GGUF"))); // not for code
        list.showCatalog(ModelCatalog::builtIn(), {}, QStringLiteral("en"));
        QCOMPARE(list.rowCount(), ModelCatalog::builtIn().models().size());

        HubModelSummary gated;
        gated.id = QStringLiteral("meta-llama/Llama-3.1-8B-Instruct");
        gated.downloads = 1234;
        gated.gated = true;
        list.showSearch({ gated });
        QVERIFY(!list.showsCatalog());
        QCOMPARE(list.rowCount(), 1);
        QCOMPARE(list.index(0).data(HubModelList::RepositoryRole).toString(), gated.id);
        QVERIFY(list.index(0).data().toString().contains(QStringLiteral("access token")));
        QVERIFY(list.entryAt(0).catalogId.isEmpty());
    }

    void shapesMatchPublishedSizes_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto& model : ModelCatalog::builtIn().models())
            QTest::newRow(qPrintable(model.id)) << model.id;
    }
    void shapesMatchPublishedSizes()
    {
        QFETCH(QString, id);
        const auto* model = ModelCatalog::builtIn().find(id);
        QVERIFY(model->publishedParamsB > 0);
        const double counted = count_parameters(model->shape).total() / 1e9;
        QVERIFY2(qAbs(counted / model->publishedParamsB - 1.0) < 0.02,
            qPrintable(
                QStringLiteral("%1: counted %2 B, published %3 B").arg(id).arg(counted).arg(model->publishedParamsB)));
        QVERIFY(model->shape.heads % model->shape.kv_heads == 0);
        QVERIFY(model->shape.max_context >= 4096);
    }

    void gpusHaveRealCapacities()
    {
        const auto& gpus = GpuCatalog::builtIn();
        const auto gib
            = [&](const char* name) { return gpus.find(QLatin1String(name))->capacity_bytes / double(1ull << 30); };
        // The guide lists the RTX 4070 and L4 at 8 GB and the L40S at 16 or 24 GB.
        QVERIFY(gib("RTX 4070") > 11.9 && gib("RTX 4070") <= 12.0);
        QVERIFY(gib("L4 24GB") > 22 && gib("L4 24GB") <= 24);
        QVERIFY(gib("L40S") > 44 && gib("L40S") <= 48);
        QVERIFY(gib("H100") > 79 && gib("H100") <= 80);
        QVERIFY(gib("H200") > 139);
        for (const char* name : { "RTX 3060", "RTX 4060 Ti", "RTX 4080", "RTX 4090", "RTX 5090", "A10G", "A100 40GB",
                 "A100 80GB", "RTX 6000 Ada" })
            QVERIFY2(gpus.find(QLatin1String(name)), name);
        QVERIFY2(!gpus.find(QStringLiteral("A100")), "ambiguous: two A100s");
        QVERIFY(gpus.find(QStringLiteral("rtx 4090 24gb")));
    }

    void rejectsBrokenCatalogs()
    {
        QString error;
        QVERIFY(!ModelCatalog::fromJson("{not json", &error));
        QVERIFY(error.contains(QStringLiteral("not valid JSON")));
        QVERIFY(!ModelCatalog::fromJson(R"({"models":[{"id":"x","layers":0}]})", &error));
        QVERIFY(error.contains(QStringLiteral("\"x\"")));
        QVERIFY(!GpuCatalog::fromJson(R"({"gpus":[{"name":"x"}]})", &error));
        QVERIFY(!GpuCatalog::fromJson(R"({"cards":[]})", &error));
        QVERIFY(error.contains(QStringLiteral("gpus")));
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
