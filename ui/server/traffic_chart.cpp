#include "ui/server/traffic_chart.h"

#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

#include "app/server/request_log_model.h"
#include "app/server/traffic_series.h"

namespace hearth::ui {

namespace {
constexpr int kSeconds = 300;
}

TrafficChart::TrafficChart(const app::RequestLogModel& log, QWidget* parent)
    : QChartView(parent)
    , m_log(log)
{
    auto* chart = new QChart;
    m_tokens = new QLineSeries(chart);
    m_tokens->setName(tr("Tokens/s"));
    m_requests = new QLineSeries(chart);
    m_requests->setName(tr("Requests in progress"));
    chart->addSeries(m_tokens);
    chart->addSeries(m_requests);
    auto* time = new QValueAxis(chart);
    time->setRange(-kSeconds, 0);
    time->setTitleText(tr("Seconds ago"));
    time->setLabelFormat(QStringLiteral("%d"));
    m_tokensAxis = new QValueAxis(chart);
    m_tokensAxis->setTitleText(tr("Tokens/s"));
    m_tokensAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_requestsAxis = new QValueAxis(chart);
    m_requestsAxis->setTitleText(tr("Requests"));
    m_requestsAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(time, Qt::AlignBottom);
    chart->addAxis(m_tokensAxis, Qt::AlignLeft);
    chart->addAxis(m_requestsAxis, Qt::AlignRight);
    m_tokens->attachAxis(time);
    m_tokens->attachAxis(m_tokensAxis);
    m_requests->attachAxis(time);
    m_requests->attachAxis(m_requestsAxis);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
    refresh();
}

void TrafficChart::refresh()
{
    const app::TrafficSeries series = app::trafficSeries(m_log.records(), QDateTime::currentDateTimeUtc(), kSeconds);
    QList<QPointF> tokens;
    QList<QPointF> requests;
    double mostTokens = 1;
    int mostRequests = 1;
    for (int i = 0; i < kSeconds; ++i) {
        const double x = i - kSeconds + 1;
        tokens.append({ x, series.tokensPerSecond[i] });
        requests.append({ x, double(series.concurrentRequests[i]) });
        mostTokens = std::max(mostTokens, series.tokensPerSecond[i]);
        mostRequests = std::max(mostRequests, series.concurrentRequests[i]);
    }
    m_tokens->replace(tokens);
    m_requests->replace(requests);
    m_tokensAxis->setRange(0, mostTokens * 1.1);
    m_requestsAxis->setRange(0, mostRequests + 1);
    m_requestsAxis->setTickCount(std::min(mostRequests + 2, 6));
}

void TrafficChart::showEvent(QShowEvent* event)
{
    QChartView::showEvent(event);
    refresh();
    if (!m_timer)
        m_timer = startTimer(2000);
}

void TrafficChart::hideEvent(QHideEvent* event)
{
    QChartView::hideEvent(event);
    if (m_timer)
        killTimer(m_timer);
    m_timer = 0;
}

void TrafficChart::timerEvent(QTimerEvent*)
{
    refresh();
}

} // namespace hearth::ui
