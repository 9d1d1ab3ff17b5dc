#include "app/loadtest/load_test_report.h"

#include <algorithm>
#include <numeric>

namespace hearth::app {

namespace {

double mean(const QList<double>& values)
{
    return values.isEmpty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / values.size();
}

// The guide's percentile: the sorted value at index ⌊n·q⌋.
double percentile(const QList<double>& sorted, double q)
{
    if (sorted.isEmpty())
        return 0.0;
    const auto index = std::min<qsizetype>(static_cast<qsizetype>(sorted.size() * q), sorted.size() - 1);
    return sorted[index];
}

} // namespace

LoadTestReport LoadTestReport::from(const QList<LoadTestSample>& samples, double wallS)
{
    LoadTestReport report;
    report.totalRequests = static_cast<int>(samples.size());
    report.wallS = wallS;
    QList<double> latencies;
    QList<double> ttfts;
    QList<double> rates;
    qint64 tokens = 0;
    for (const LoadTestSample& sample : samples) {
        if (!sample.ok) {
            if (report.firstError.isEmpty())
                report.firstError = sample.error;
            continue;
        }
        ++report.successCount;
        latencies << sample.latencyS;
        if (sample.completionTokens > 0)
            ttfts << sample.timeToFirstTokenS;
        if (sample.latencyS > 0)
            rates << sample.completionTokens / sample.latencyS;
        tokens += sample.completionTokens;
    }
    std::sort(latencies.begin(), latencies.end());
    if (report.totalRequests > 0)
        report.errorRate = double(report.totalRequests - report.successCount) / report.totalRequests;
    if (wallS > 0) {
        report.throughputRps = report.successCount / wallS;
        report.outputTokensPerS = tokens / wallS;
    }
    report.avgLatencyS = mean(latencies);
    report.p50LatencyS = percentile(latencies, 0.5);
    report.p95LatencyS = percentile(latencies, 0.95);
    report.avgTtftS = mean(ttfts);
    report.avgTokensPerS = mean(rates);
    return report;
}

QJsonObject LoadTestReport::toJson() const
{
    QJsonObject json {
        { QStringLiteral("total_requests"), totalRequests },
        { QStringLiteral("success_count"), successCount },
        { QStringLiteral("error_rate"), errorRate },
        { QStringLiteral("throughput_rps"), throughputRps },
        { QStringLiteral("avg_latency_s"), avgLatencyS },
        { QStringLiteral("p50_latency_s"), p50LatencyS },
        { QStringLiteral("p95_latency_s"), p95LatencyS },
        { QStringLiteral("avg_ttft_s"), avgTtftS },
        { QStringLiteral("avg_tokens_per_sec"), avgTokensPerS },
        { QStringLiteral("output_tokens_per_sec"), outputTokensPerS },
        { QStringLiteral("wall_s"), wallS },
    };
    if (!firstError.isEmpty())
        json.insert(QStringLiteral("first_error"), firstError);
    return json;
}

} // namespace hearth::app
