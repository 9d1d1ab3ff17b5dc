#include "app/server/traffic_series.h"

#include <cmath>

namespace hearth::app {

TrafficSeries trafficSeries(const QList<RequestRecord>& records, const QDateTime& now, int seconds)
{
    TrafficSeries series;
    series.tokensPerSecond.fill(0.0, seconds);
    series.concurrentRequests.fill(0, seconds);
    const double end = now.toMSecsSinceEpoch() / 1000.0;
    const double start = end - seconds;
    for (const RequestRecord& record : records) {
        const double arrived = record.time.toMSecsSinceEpoch() / 1000.0;
        const double finished = arrived + record.latencyS;
        if (finished < start || arrived > end)
            continue;
        // In progress during a second when it covers that second's middle.
        for (int i = std::max(0, int(std::ceil(arrived - start - 0.5))); i < seconds; ++i) {
            const double middle = start + i + 0.5;
            if (middle > finished)
                break;
            if (middle >= arrived)
                ++series.concurrentRequests[i];
        }
        if (record.completionTokens <= 0)
            continue;
        // Tokens spread evenly from the first token to the last.
        const double first = arrived + std::min(record.timeToFirstTokenS, record.latencyS);
        const double span = std::max(finished - first, 1e-3);
        const double rate = record.completionTokens / span;
        for (int i = std::max(0, int(std::floor(first - start))); i < seconds; ++i) {
            const double from = std::max(first, start + i);
            const double to = std::min(finished, start + i + 1);
            if (from >= finished)
                break;
            if (to > from)
                series.tokensPerSecond[i] += rate * (to - from);
        }
    }
    return series;
}

} // namespace hearth::app
