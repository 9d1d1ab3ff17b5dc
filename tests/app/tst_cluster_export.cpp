#include <QTemporaryDir>
#include <QtTest>

#include "app/deploy/cluster_export.h"

using namespace hearth;
using namespace hearth::app;

namespace {

PlanReport report(const char* id, const char* quant, std::uint32_t context, std::uint32_t batch, const char* gpu)
{
    PlanRequest r;
    r.model = plannedModelFromCatalog(*ModelCatalog::builtIn().find(QLatin1String(id)));
    r.options.quant = quant;
    r.options.context = context;
    r.options.batch = batch;
    r.targetGpu = QLatin1String(gpu);
    QString error;
    auto plan = Planner::plan(r, {}, &error);
    if (!plan)
        qFatal("%s", qPrintable(error));
    return *plan;
}

} // namespace

class TestClusterExport : public QObject {
    Q_OBJECT
private slots:
    void launchCommandCarriesThePlan()
    {
        QString error;
        const auto d = ClusterExport::make(
            report("llama-3.3-70b-instruct", "F16", 16384, 8, "A100 80GB"), QStringLiteral("sk-test"), &error);
        QVERIFY2(d, qPrintable(error));
        // 131 GiB of F16 weights + 40 GiB of KV (8 × 16k tokens) over cards of 72 GiB usable:
        // 2 GPUs hold 86 GiB each, 4 hold 44.
        QCOMPARE(d->tensorParallel, 4);
        QCOMPARE(d->pipelineParallel, 1);
        for (const char* expected : { "vllm serve meta-llama/Llama-3.3-70B-Instruct", "--tensor-parallel-size 4",
                 "--gpu-memory-utilization 0.90", "--max-model-len 16384", "--max-num-seqs 8",
                 "--enable-prefix-caching", "--dtype bfloat16" })
            QVERIFY2(d->launchScript.contains(QLatin1String(expected)), expected);
        QVERIFY(d->composeFile.contains(QStringLiteral("count: 4")));
        QVERIFY(d->composeFile.contains(QStringLiteral("http://localhost:8000/health")));
        QVERIFY(d->composeFile.contains(QStringLiteral("healthcheck:")));
        QVERIFY(d->composeFile.contains(QStringLiteral("\"--tensor-parallel-size\"\n      - \"4\"")));
    }

    void nginxChecksKeysOverTlsAndStreams()
    {
        QString error;
        const auto d = ClusterExport::make(
            report("qwen2.5-72b-instruct", "Q4_K_M", 8192, 8, "L40S"), QStringLiteral("sk-abc"), &error);
        QVERIFY(d);
        for (const char* expected : { "listen 443 ssl", "ssl_certificate /etc/nginx/ssl/server.crt",
                 "proxy_buffering off", "$http_authorization", "return 401", "include /etc/nginx/api-keys.map" })
            QVERIFY2(d->nginxConfig.contains(QLatin1String(expected)), expected);
        QVERIFY(d->apiKeys.contains(QStringLiteral("\"Bearer sk-abc\" 1;")));
        // A 4-bit plan serves the authors' AWQ checkpoint.
        QVERIFY(d->launchScript.contains(QStringLiteral("vllm serve Qwen/Qwen2.5-72B-Instruct-AWQ")));
        QVERIFY(d->launchScript.contains(QStringLiteral("--quantization awq_marlin")));
    }

    void eightBitMapsToFp8()
    {
        QString error;
        const auto d
            = ClusterExport::make(report("llama-3.1-8b-instruct", "Q8_0", 8192, 1, "L4"), QStringLiteral("k"), &error);
        QVERIFY(d->launchScript.contains(QStringLiteral("--quantization fp8")));
        QCOMPARE(d->tensorParallel, 1);
    }

    void beyondOneNodeUsesPipelineParallelism()
    {
        QString error;
        const auto d
            = ClusterExport::make(report("deepseek-v3", "F16", 8192, 1, "A100 80GB"), QStringLiteral("k"), &error);
        QVERIFY2(d, qPrintable(error));
        QCOMPARE(d->tensorParallel, 8);
        QCOMPARE(d->pipelineParallel, 4); // 1.25 TiB of F16 weights over 32 × 72 GiB
        QVERIFY(d->launchScript.contains(QStringLiteral("--pipeline-parallel-size 4")));
    }

    void refusesWhatNoClusterHolds()
    {
        QString error;
        QVERIFY(!ClusterExport::make(report("deepseek-v3", "F16", 8192, 1, "RTX 3060"), QStringLiteral("k"), &error));
        QVERIFY(error.contains(QStringLiteral("64")));
    }

    void writesTheFiles()
    {
        QTemporaryDir dir;
        QString error;
        const auto d = ClusterExport::make(
            report("qwen2.5-72b-instruct", "Q4_K_M", 8192, 8, "RTX 4090"), ClusterExport::generateApiKey(), &error);
        const auto files = ClusterExport::write(*d, dir.filePath(QStringLiteral("deploy")), &error);
        QVERIFY2(files, qPrintable(error));
        QCOMPARE(files->size(), 5);
        for (const auto& path : *files)
            QVERIFY(QFileInfo(path).size() > 0);
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("deploy/vllm-serve.sh"))).isExecutable());
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("deploy/ssl"))).isDir());
        QVERIFY(!(QFileInfo(dir.filePath(QStringLiteral("deploy/api-keys.map"))).permissions() & QFile::ReadOther));

        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(!ClusterExport::write(*d, dir.filePath(QStringLiteral("file/deploy")), &error));
        QVERIFY(!error.isEmpty());
    }

    void apiKeysAreRandom()
    {
        const auto a = ClusterExport::generateApiKey();
        QCOMPARE(a.size(), 10 + 64);
        QVERIFY(a != ClusterExport::generateApiKey());
    }
};

QTEST_GUILESS_MAIN(TestClusterExport)
#include "tst_cluster_export.moc"
