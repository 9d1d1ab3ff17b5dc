#include "app/server/server_metrics.h"

namespace hearth::app {

namespace {

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

// A label value, escaped as the text format asks.
QByteArray label(const QString& value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

void header(QByteArray& out, const char* name, const char* help, const char* type)
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
}

void single(QByteArray& out, const char* name, const char* help, const char* type, double value)
{
    header(out, name, help, type);
    out += QByteArray(name) + ' ' + number(value) + '\n';
}

// The endpoint a path counts under. Any other path is "other": a client
// sending endless made-up paths must not grow the metrics without bound.
QString endpointOf(const QString& path)
{
    static const QStringList known { QStringLiteral("/health"), QStringLiteral("/metrics"),
        QStringLiteral("/v1/models"), QStringLiteral("/v1/chat/completions"), QStringLiteral("/v1/completions"),
        QStringLiteral("/v1/embeddings") };
    if (known.contains(path))
        return path;
    if (path.startsWith(QLatin1String("/v1/models/")))
        return QStringLiteral("/v1/models/{id}");
    return QStringLiteral("other");
}

} // namespace

ServerMetrics::Histogram::Histogram(QList<double> bounds)
    : bounds(std::move(bounds))
    , counts(this->bounds.size(), 0)
{ }

void ServerMetrics::Histogram::observe(double value)
{
    ++count;
    sum += value;
    for (qsizetype i = 0; i < bounds.size(); ++i)
        if (value <= bounds[i]) {
            ++counts[i];
            break;
        }
}

void ServerMetrics::Histogram::write(QByteArray& out, const char* name, const char* help) const
{
    header(out, name, help, "histogram");
    qint64 cumulative = 0;
    for (qsizetype i = 0; i < bounds.size(); ++i) {
        cumulative += counts[i];
        out += QByteArray(name) + "_bucket{le=\"" + number(bounds[i]) + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    out += QByteArray(name) + "_bucket{le=\"+Inf\"} " + QByteArray::number(count) + '\n';
    out += QByteArray(name) + "_sum " + number(sum) + '\n';
    out += QByteArray(name) + "_count " + QByteArray::number(count) + '\n';
}

void ServerMetrics::record(const RequestRecord& record)
{
    ++m_requests[{ endpointOf(record.path), record.status }];
    m_promptTokens += record.promptTokens;
    m_completionTokens += record.completionTokens;
    // Only generations: the latency of a model list says nothing about the model.
    if (record.path.endsWith(QLatin1String("completions")) && record.status == 200) {
        m_latency.observe(record.latencyS);
        if (record.completionTokens > 0)
            m_ttft.observe(record.timeToFirstTokenS);
    }
}

qint64 ServerMetrics::requestCount(const QString& path, int status) const
{
    return m_requests.value({ endpointOf(path), status });
}

QByteArray ServerMetrics::prometheusText(const std::optional<EngineStats>& engine, int inFlight) const
{
    QByteArray out;
    header(out, "hearth_requests_total", "API requests answered, by endpoint and HTTP status.", "counter");
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it)
        out += "hearth_requests_total{endpoint=\"" + label(it.key().first) + "\",status=\""
            + QByteArray::number(it.key().second) + "\"} " + QByteArray::number(it.value()) + '\n';
    single(out, "hearth_prompt_tokens_total", "Prompt tokens read.", "counter", double(m_promptTokens));
    single(out, "hearth_completion_tokens_total", "Tokens generated.", "counter", double(m_completionTokens));
    m_latency.write(out, "hearth_request_duration_seconds", "Completions, from arrival to the last byte.");
    m_ttft.write(out, "hearth_time_to_first_token_seconds", "Completions, from arrival to the first token.");
    single(out, "hearth_requests_in_flight", "Requests being answered or waiting for the engine.", "gauge", inFlight);
    single(out, "hearth_model_loaded", "1 when a model is loaded and ready.", "gauge", engine ? 1 : 0);
    if (engine) {
        single(out, "hearth_queue_depth", "Requests waiting for a free sequence.", "gauge", engine->queued_requests);
        single(out, "hearth_active_sequences", "Sequences being generated.", "gauge", engine->active_sequences);
        single(out, "hearth_max_sequences", "Sequences generated together at most.", "gauge", engine->slot_count);
        single(out, "hearth_kv_cache_tokens", "Tokens held in the KV cache.", "gauge", double(engine->kv_tokens));
        single(out, "hearth_kv_cache_capacity_tokens", "Tokens the KV cache can hold.", "gauge",
            double(engine->context) * engine->slot_count);
    }
    return out;
}

} // namespace hearth::app
