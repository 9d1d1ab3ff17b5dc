// The load test: the guide's statistics from known samples, and a run
// against the API server on loopback that keeps the asked-for number of
// requests in flight and counts refusals as errors.
#include <QTemporaryDir>
#include <QtTest>

#include "app/inference/local_model.h"
#include "app/loadtest/load_test.h"
#include "app/server/api_server.h"
#include "engine/text/vocabulary.h"
#include "tests/support/npm_test_model.h"
#include "tests/support/scripted_chat_backend.h"

using namespace hearth;
using namespace hearth::app;

class TestLoadTest : public QObject {
    Q_OBJECT
private slots:
    void theReportFollowsTheGuide()
    {
        QList<LoadTestSample> samples;
        for (int i = 1; i <= 20; ++i)
            samples << LoadTestSample { true, double(i), 0.5, 10 * i, {} };
        samples << LoadTestSample { false, 0.1, 0, 0, QStringLiteral("refused") }
                << LoadTestSample { false, 0.1, 0, 0, QStringLiteral("later") };
        const LoadTestReport report = LoadTestReport::from(samples, 10.0);
        QCOMPARE(report.totalRequests, 22);
        QCOMPARE(report.successCount, 20);
        QCOMPARE(report.errorRate, 2.0 / 22);
        QCOMPARE(report.throughputRps, 2.0);
        QCOMPARE(report.avgLatencyS, 10.5);
        QCOMPARE(report.p50LatencyS, 11.0); // sorted[20 / 2]
        QCOMPARE(report.p95LatencyS, 20.0); // sorted[int(20 * 0.95)]
        QCOMPARE(report.avgTtftS, 0.5);
        QCOMPARE(report.avgTokensPerS, 10.0); // each request: 10·i tokens in i seconds
        QCOMPARE(report.outputTokensPerS, 210.0);
        QCOMPARE(report.firstError, QStringLiteral("refused"));
        const QJsonObject json = report.toJson();
        for (const char* key : { "total_requests", "success_count", "error_rate", "throughput_rps", "avg_latency_s",
                 "p50_latency_s", "p95_latency_s", "avg_ttft_s", "avg_tokens_per_sec" })
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QCOMPARE(LoadTestReport::from({}, 0).p95LatencyS, 0.0);
    }

    void aRunKeepsTheAskedConcurrency()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tiny-load.gguf"));
        test::TestModelSpec spec;
        spec.hidden = 64;
        spec.ffn = 128;
        QVERIFY2(test::writeNpmTestModel(spec, "llama2", path),
            "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)");
        LocalModel model;
        QSignalSpy loaded(&model, &LocalModel::loaded);
        model.load(path, { 128, 1, 1 });
        QVERIFY(loaded.wait(20000));
        test::ScriptedChatBackend backend;
        for (int i = 0; i < 10; ++i)
            backend.pieces << QStringLiteral("word ");
        ApiServer server(model, backend);
        const quint16 port = server.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);

        int mostInFlight = 0;
        QTimer watch;
        connect(
            &watch, &QTimer::timeout, this, [&] { mostInFlight = std::max(mostInFlight, server.requestsInFlight()); });
        watch.start(1);
        LoadTest test;
        QSignalSpy finished(&test, &LoadTest::finished);
        LoadTestConfig config;
        config.endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
        config.endpoint.model = QStringLiteral("tiny-load");
        config.concurrency = 3;
        config.requests = 12;
        test.start(config);
        QVERIFY(finished.wait(30000));
        const auto report = finished.first().first().value<LoadTestReport>();
        QCOMPARE(report.successCount, 12);
        QCOMPARE(backend.requests.size(), 12);
        QCOMPARE(backend.requests.first().messages.first().content, config.prompt);
        QVERIFY(mostInFlight <= 3);
        QVERIFY(mostInFlight >= 2);
        QVERIFY(report.avgTtftS > 0 && report.avgTtftS <= report.avgLatencyS);

        config.endpoint.model = QStringLiteral("not-here");
        config.requests = 4;
        test.start(config);
        QVERIFY(finished.wait(30000));
        const auto refused = finished.last().first().value<LoadTestReport>();
        QCOMPARE(refused.successCount, 0);
        QCOMPARE(refused.errorRate, 1.0);
        QVERIFY(refused.firstError.contains(QStringLiteral("404")));
    }
};

QTEST_GUILESS_MAIN(TestLoadTest)
#include "tst_load_test.moc"
