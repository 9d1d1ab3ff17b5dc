#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace hearth::app {

// One request of a load test, as the client saw it.
struct LoadTestSample {
    bool ok = false;
    double latencyS = 0; // from sending to the last byte
    double timeToFirstTokenS = 0; // from sending to the first piece of text
    int completionTokens = 0;
    QString error; // when !ok
};

// The deployment guide's measure of a load test: success count, error rate,
// requests per second, mean, p50 and p95 latency, time to first token and
// tokens per second (the mean over requests of tokens over latency, as the
// guide computes it; outputTokensPerS is all tokens over the whole time).
struct LoadTestReport {
    int totalRequests = 0;
    int successCount = 0;
    double errorRate = 0;
    double throughputRps = 0;
    double avgLatencyS = 0;
    double p50LatencyS = 0;
    double p95LatencyS = 0;
    double avgTtftS = 0;
    double avgTokensPerS = 0;
    double outputTokensPerS = 0;
    double wallS = 0;
    QString firstError; // the first failure's message, to say what went wrong

    static LoadTestReport from(const QList<LoadTestSample>& samples, double wallS);
    // The guide's field names: total_requests, success_count, error_rate, …
    QJsonObject toJson() const;
};

} // namespace hearth::app
