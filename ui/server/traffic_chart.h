#pragma once

#include <QChartView>

class QLineSeries;
class QValueAxis;

namespace hearth::app {
class RequestLogModel;
}

namespace hearth::ui {

// The API's last five minutes: tokens generated per second and requests in
// progress, redrawn every two seconds while shown.
class TrafficChart : public QChartView {
    Q_OBJECT
public:
    explicit TrafficChart(const app::RequestLogModel& log, QWidget* parent = nullptr);

    void refresh();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    const app::RequestLogModel& m_log;
    QLineSeries* m_tokens;
    QLineSeries* m_requests;
    QValueAxis* m_tokensAxis;
    QValueAxis* m_requestsAxis;
    int m_timer = 0;

    void timerEvent(QTimerEvent* event) override;
};

} // namespace hearth::ui
