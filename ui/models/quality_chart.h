#pragma once

#include <QChartView>

namespace hearth::app {
class QualityReport;
}

namespace hearth::ui {

// What each quantization cost, one bar per row of the report: the KL
// divergence from the original (lower is better), with the file's size in
// the label.
class QualityChart : public QChartView {
    Q_OBJECT
public:
    explicit QualityChart(const app::QualityReport& report, QWidget* parent = nullptr);

private:
    void rebuild();

    const app::QualityReport& m_report;
};

} // namespace hearth::ui
