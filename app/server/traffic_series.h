#pragma once

#include <QDateTime>
#include <QList>

#include "app/server/request_record.h"

namespace hearth::app {

// The API's traffic second by second, for the Server area's chart: tokens
// generated per second (each answer's tokens spread over the time it
// streamed) and requests in progress. Index 0 is the oldest second.
struct TrafficSeries {
    QList<double> tokensPerSecond;
    QList<int> concurrentRequests;
};

TrafficSeries trafficSeries(const QList<RequestRecord>& records, const QDateTime& now, int seconds);

} // namespace hearth::app
