#pragma once

#include <QChartView>

class QBarSet;
class QBarCategoryAxis;
class QValueAxis;

namespace hearth::app {
struct PlanReport;
}

namespace hearth::ui {

// Stacked bars: the exact plan's parts and the quick estimate's parts, beside
// the usable memory of the chosen GPU, all in GiB.
class MemoryChart : public QChartView {
    Q_OBJECT
public:
    explicit MemoryChart(QWidget* parent = nullptr);

    void showReport(const app::PlanReport& report);

    // Values per bar, for tests: [part][bar], bars GPU, quick estimate, exact plan.
    QList<QList<double>> values() const;

private:
    QList<QBarSet*> m_sets; // weights, KV cache, compute, overhead, GPU memory
    QValueAxis* m_axis = nullptr;
};

} // namespace hearth::ui
