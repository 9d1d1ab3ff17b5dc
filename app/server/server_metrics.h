#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

#include "app/server/request_record.h"
#include "engine/runtime/engine.h"

namespace hearth::app {

// What GET /metrics reports, in Prometheus's text format: requests by
// endpoint and status, tokens in and out, latency and time-to-first-token
// histograms, and the engine's queue, sequences and KV cache.
class ServerMetrics {
public:
    void record(const RequestRecord& record);

    qint64 requestCount(const QString& path, int status) const;
    qint64 promptTokens() const { return m_promptTokens; }
    qint64 completionTokens() const { return m_completionTokens; }

    // `engine`: the loaded model's scheduler, when there is one.
    QByteArray prometheusText(const std::optional<EngineStats>& engine, int inFlight) const;

private:
    struct Histogram {
        explicit Histogram(QList<double> bounds);
        void observe(double value);
        void write(QByteArray& out, const char* name, const char* help) const;
        QList<double> bounds;
        QList<qint64> counts; // per bound, not cumulative
        qint64 count = 0;
        double sum = 0;
    };

    QMap<std::pair<QString, int>, qint64> m_requests;
    qint64 m_promptTokens = 0;
    qint64 m_completionTokens = 0;
    Histogram m_latency { { 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120 } };
    Histogram m_ttft { { 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 } };
};

} // namespace hearth::app
