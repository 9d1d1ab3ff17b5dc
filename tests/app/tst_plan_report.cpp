#include <QJsonArray>
#include <QtTest>

#include "app/plan/plan_report.h"

using namespace hearth;
using namespace hearth::app;

namespace {

PlanRequest request(const char* id, const char* quant, std::uint32_t context, std::uint32_t batch = 1)
{
    PlanRequest r;
    r.model = plannedModelFromCatalog(*ModelCatalog::builtIn().find(QLatin1String(id)));
    r.options.quant = quant;
    r.options.context = context;
    r.options.batch = batch;
    return r;
}

} // namespace

class TestPlanReport : public QObject {
    Q_OBJECT
private slots:
    void llamaAt8kHasOneGiBOfKv()
    {
        QString error;
        const auto report = Planner::plan(request("llama-3.1-8b-instruct", "Q4_K_M", 8192), {}, &error);
        QVERIFY2(report, qPrintable(error));
        QCOMPARE(report->memory.kv_cache_bytes, 1ull << 30);
        const auto json = Planner::toJson(*report);
        QCOMPARE(json.value(QStringLiteral("kv_cache_bytes")).toInteger(), qint64(1) << 30);
    }

    void qwenAt32kHas1_75GiBOfKv()
    {
        QString error;
        const auto report = Planner::plan(request("qwen2.5-7b-instruct", "F16", 32768), {}, &error);
        QCOMPARE(report->memory.kv_cache_bytes, 7ull << 28);
    }

    void jsonKeepsTheContractsKeys()
    {
        QString error;
        const auto report = Planner::plan(request("qwen2.5-72b-instruct", "Q4_K_M", 8192), {}, &error);
        const auto json = Planner::toJson(*report);
        for (const char* key : { "weights_bytes", "kv_cache_bytes", "compute_bytes", "overhead_bytes", "total_bytes" })
            QVERIFY2(json.value(QLatin1String(key)).toInteger() > 0, key);
        QCOMPARE(json.value(QStringLiteral("total_bytes")).toInteger(),
            json.value(QStringLiteral("weights_bytes")).toInteger()
                + json.value(QStringLiteral("kv_cache_bytes")).toInteger()
                + json.value(QStringLiteral("compute_bytes")).toInteger()
                + json.value(QStringLiteral("overhead_bytes")).toInteger());
        QVERIFY(json.value(QStringLiteral("seed_estimate_gib")).toDouble() > 0);
        QVERIFY(json.contains(QStringLiteral("best_quant")));
        QVERIFY(json.value(QStringLiteral("best_quant")).isNull()); // 72B fits no single RTX 4090
        const auto small = Planner::toJson(*Planner::plan(request("qwen2.5-7b-instruct", "Q4_K_M", 8192), {}, &error));
        QCOMPARE(small.value(QStringLiteral("best_quant")).toString(), QStringLiteral("F16"));
        const auto gpus = json.value(QStringLiteral("gpus")).toArray();
        QCOMPARE(gpus.size(), GpuCatalog::builtIn().gpus().size());
        for (const auto& gpu : gpus) {
            const auto o = gpu.toObject();
            QVERIFY(o.value(QStringLiteral("name")).isString());
            QVERIFY(o.value(QStringLiteral("capacity_bytes")).toInteger() > 0);
            QVERIFY(o.value(QStringLiteral("fits")).isBool());
            for (const char* key : { "max_context", "layers_on_gpu", "gpus_needed" })
                QVERIFY2(o.value(QLatin1String(key)).isDouble(), key);
        }
    }

    void targetsLocalGpuThenDefault()
    {
        QString error;
        auto report = Planner::plan(request("qwen2.5-7b-instruct", "Q4_K_M", 8192), {}, &error);
        QCOMPARE(QString::fromStdString(report->targetRow().gpu.name), QStringLiteral("RTX 4090 24GB"));

        GpuSpec local;
        local.name = "Test GPU";
        local.capacity_bytes = 12ull << 30;
        local.free_bytes = 8ull << 30;
        local.local = true;
        report = Planner::plan(request("qwen2.5-7b-instruct", "Q4_K_M", 8192), { local }, &error);
        QCOMPARE(report->target, 0);
        QCOMPARE(report->gpus.size(), GpuCatalog::builtIn().gpus().size() + 1);
        QVERIFY(report->targetRow().gpu.local);
        QVERIFY(report->targetRow().fit.fits); // 5.4 GiB within 90 % of 8 GiB free
        QCOMPARE(report->targetRow().fit.usable_bytes, static_cast<std::uint64_t>((8ull << 30) * 0.9));

        auto chosen = request("qwen2.5-7b-instruct", "Q4_K_M", 8192);
        chosen.targetGpu = QStringLiteral("h200");
        report = Planner::plan(chosen, { local }, &error);
        QCOMPARE(QString::fromStdString(report->targetRow().gpu.name), QStringLiteral("H200 141GB"));

        chosen.targetGpu = QStringLiteral("Voodoo 2");
        QVERIFY(!Planner::plan(chosen, {}, &error));
        QVERIFY(error.contains(QStringLiteral("Voodoo 2")));
    }

    void unknownQuantIsAnError()
    {
        QString error;
        QVERIFY(!Planner::plan(request("qwen2.5-7b-instruct", "Q7_X", 8192), {}, &error));
        QVERIFY(error.contains(QStringLiteral("Q4_K_M"))); // lists what is known
    }

    void seventyBNeedsACluster()
    {
        QString error;
        auto r = request("llama-3.3-70b-instruct", "F16", 8192);
        r.targetGpu = QStringLiteral("H100");
        const auto report = Planner::plan(r, {}, &error);
        QVERIFY(report->needsCluster());
        QCOMPARE(report->targetRow().fit.gpus_needed, 2u);
        QVERIFY(Planner::toText(*report).contains(QStringLiteral("2 GPUs with vLLM")));
    }

    void everyNumberIsExplained()
    {
        QString error;
        const auto report = Planner::plan(request("llama-3.1-8b-instruct", "Q4_K_M", 8192), {}, &error);
        const auto lines = Planner::explanations(*report);
        const auto all = lines.join(QLatin1Char('\n'));
        for (const char* topic : { "Weights:", "KV cache:", "Compute buffers:", "Runtime overhead:", "Total:", "Fits:",
                 "Max context:", "Layers on GPU:", "GPUs needed:", "Best quantization:", "Quick estimate" })
            QVERIFY2(all.contains(QLatin1String(topic)), topic);
        QVERIFY(all.contains(QStringLiteral("2 (K and V) × 32 layers × 8 KV heads × 128 dimensions × 8192 tokens")));
        // The quick estimate is the guide's: 8.03e9 × 0.5 bytes / 2^30 = 3.74 GiB of int4 weights.
        QVERIFY(Planner::seedComparison(*report).contains(QStringLiteral("3.74 GiB weights")));
        // weights + 10 % activations + 15 % × 8192/2048 KV + 2 GiB.
        QVERIFY(qAbs(report->seed.total_gib - (3.7393 * 1.1 + 3.7393 * 0.15 * 4 + 2.0)) < 0.01);
    }

    void deepSeekCachesTheLatent()
    {
        QString error;
        const auto report = Planner::plan(request("deepseek-v3", "Q4_K_M", 4096), {}, &error);
        QCOMPARE(report->memory.kv_cache_bytes, 61ull * 576 * 2 * 4096);
        QVERIFY(Planner::explanations(*report).join(QString()).contains(QStringLiteral("multi-head latent attention")));
        QVERIFY(Planner::toText(*report).contains(QStringLiteral("does not run the deepseek2 architecture")));
    }

    // A mixture of experts the engine runs: planned for this machine like
    // any model, with what one token uses said apart.
    void aMixtureOfExpertsSaysWhatATokenUses()
    {
        QString error;
        const auto report = Planner::plan(request("qwen3-30b-a3b", "Q4_K_M", 8192), {}, &error);
        QVERIFY2(report, qPrintable(error));
        QVERIFY(!report->model.clusterOnly);
        QVERIFY(!Planner::toText(*report).contains(QStringLiteral("does not run")));
        const QString experts = Planner::explanations(*report).filter(QStringLiteral("Experts:")).join(QString());
        QVERIFY2(experts.contains(QStringLiteral("8 of 128 run for each token")), qPrintable(experts));
        // A token reads its 8 experts, not the 128: on the RTX 4090 the plan
        // targets without a local GPU, far faster than a dense 30B.
        const QString speed = Planner::explanations(*report).filter(QStringLiteral("Decode speed:")).join(QString());
        QVERIFY2(speed.contains(QStringLiteral("the chosen experts only")), qPrintable(speed));
        const auto json = Planner::toJson(*report);
        const double active = json.value(QStringLiteral("active_parameters")).toDouble();
        QVERIFY2(active > 3.2e9 && active < 3.5e9, qPrintable(QString::number(active))); // "A3B": 3.3 B active
        QVERIFY(json.value(QStringLiteral("parameters")).toDouble() > 30e9);
    }
};

QTEST_GUILESS_MAIN(TestPlanReport)
#include "tst_plan_report.moc"
