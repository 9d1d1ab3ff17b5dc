#include "app/cli/loadtest_command.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QTextStream>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/loadtest/load_test.h"

namespace hearth::app {

int LoadtestCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Measures an OpenAI-compatible server under load: streamed chat completions, "
                                        "several at a time, with their latency, time to first token and tokens/s."));
    const QCommandLineOption urlOption(
        QStringLiteral("url"), tr("The server's API address, such as http://127.0.0.1:8080/v1."), tr("URL"));
    const QCommandLineOption modelOption(QStringLiteral("model"), tr("The model name the server expects."), tr("NAME"));
    const QCommandLineOption concurrencyOption(
        QStringLiteral("concurrency"), tr("Requests at a time (default 10)."), tr("C"), QStringLiteral("10"));
    const QCommandLineOption requestsOption(
        QStringLiteral("requests"), tr("Requests in all (default 100)."), tr("N"), QStringLiteral("100"));
    const QCommandLineOption keyOption(
        QStringLiteral("api-key"), tr("Sent as a bearer token (default: $OPENAI_API_KEY, if set)."), tr("KEY"));
    const QCommandLineOption tokensOption(QStringLiteral("max-tokens"),
        tr("Longest answer per request, in tokens (default 200)."), tr("N"), QStringLiteral("200"));
    const QCommandLineOption promptOption(
        QStringLiteral("prompt"), tr("The question every request asks (default: the deployment guide's)."), tr("TEXT"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object."));
    parser.addOptions({ urlOption, modelOption, concurrencyOption, requestsOption, keyOption, tokensOption,
        promptOption, jsonOption });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("loadtest"), args, out, err))
        return *exitCode;

    bool ok = true;
    const auto count = [&](const QCommandLineOption& option, int max) {
        bool valid = false;
        const int value = parser.value(option).toInt(&valid);
        if (!valid || value < 1 || value > max) {
            err << tr("hearth loadtest: --%1 needs a whole number from 1 to %2\n").arg(option.names().last()).arg(max);
            ok = false;
        }
        return value;
    };
    LoadTestConfig config;
    config.concurrency = count(concurrencyOption, 1024);
    config.requests = count(requestsOption, 1000000);
    config.maxTokens = count(tokensOption, 1 << 20);
    config.endpoint.baseUrl = QUrl(parser.value(urlOption));
    config.endpoint.model = parser.value(modelOption);
    config.endpoint.apiKey = parser.isSet(keyOption) ? parser.value(keyOption) : qEnvironmentVariable("OPENAI_API_KEY");
    if (parser.isSet(promptOption))
        config.prompt = parser.value(promptOption);
    if (!config.endpoint.baseUrl.isValid() || config.endpoint.baseUrl.scheme().isEmpty()) {
        err << tr("hearth loadtest: --url needs the server's address, such as http://127.0.0.1:8080/v1\n");
        ok = false;
    }
    if (config.endpoint.model.isEmpty()) {
        err << tr("hearth loadtest: --model needs the model name the server expects\n");
        ok = false;
    }
    if (!ok)
        return ExitUsage;

    LoadTest test;
    QEventLoop loop;
    LoadTestReport report;
    const bool json = parser.isSet(jsonOption);
    QObject::connect(&test, &LoadTest::sampleArrived, &test, [&err, json](const LoadTestSample&, int done, int total) {
        if (!json && (done % std::max(1, total / 20) == 0 || done == total)) {
            err << '\r' << tr("%1 of %2 requests done").arg(done).arg(total);
            err.flush();
        }
    });
    QObject::connect(&test, &LoadTest::finished, &loop, [&](const LoadTestReport& result) {
        report = result;
        loop.quit();
    });
    test.start(config);
    if (test.isRunning())
        loop.exec();
    if (json) {
        out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact) << '\n';
    } else {
        err << '\n';
        const auto seconds = [](double s) { return QString::number(s, 'f', 3) + QStringLiteral(" s"); };
        out << tr("Requests:             %1 (%2 at a time)\n").arg(report.totalRequests).arg(config.concurrency)
            << tr("Succeeded:            %1\n").arg(report.successCount)
            << tr("Error rate:           %1 %\n").arg(report.errorRate * 100, 0, 'f', 1)
            << tr("Throughput:           %1 requests/s\n").arg(report.throughputRps, 0, 'f', 2)
            << tr("Latency mean:         %1\n").arg(seconds(report.avgLatencyS))
            << tr("Latency p50:          %1\n").arg(seconds(report.p50LatencyS))
            << tr("Latency p95:          %1\n").arg(seconds(report.p95LatencyS))
            << tr("Time to first token:  %1\n").arg(seconds(report.avgTtftS))
            << tr("Tokens/s per request: %1\n").arg(report.avgTokensPerS, 0, 'f', 1)
            << tr("Tokens/s in all:      %1\n").arg(report.outputTokensPerS, 0, 'f', 1);
        if (!report.firstError.isEmpty())
            out << tr("First error:          %1\n").arg(report.firstError);
    }
    return report.successCount == report.totalRequests ? ExitOk : ExitFailure;
}

} // namespace hearth::app
