#include "ui/planner/memory_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>

#include <algorithm>

#include "app/plan/plan_report.h"

namespace hearth::ui {

namespace {
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
}

MemoryChart::MemoryChart(QWidget* parent)
    : QChartView(parent)
{
    auto* chart = new QChart;
    auto* series = new QHorizontalStackedBarSeries(chart);
    const QList<std::pair<QString, QColor>> parts {
        { tr("Weights"), QColor(0x34, 0x65, 0xa4) },
        { tr("KV cache"), QColor(0xe6, 0x7e, 0x22) },
        { tr("Compute buffers"), QColor(0x2e, 0x9e, 0x6b) },
        { tr("Runtime overhead"), QColor(0x8e, 0x8e, 0x93) },
        { tr("GPU memory (usable)"), QColor(0x9b, 0x59, 0xb6) },
    };
    for (const auto& [label, color] : parts) {
        auto* set = new QBarSet(label, series);
        set->setColor(color);
        *set << 0 << 0 << 0;
        series->append(set);
        m_sets.append(set);
    }
    chart->addSeries(series);
    auto* categories = new QBarCategoryAxis(chart);
    categories->append({ tr("GPU"), tr("Quick estimate"), tr("Exact plan") });
    chart->addAxis(categories, Qt::AlignLeft);
    series->attachAxis(categories);
    m_axis = new QValueAxis(chart);
    m_axis->setTitleText(tr("GiB"));
    m_axis->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(m_axis, Qt::AlignBottom);
    series->attachAxis(m_axis);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
}

void MemoryChart::showReport(const app::PlanReport& report)
{
    const auto& m = report.memory;
    const auto& e = report.seed;
    // Bars from the bottom: GPU, quick estimate, exact plan.
    const QList<QList<double>> values {
        { 0, e.weights_gib, m.weights_bytes / kGiB },
        { 0, e.kv_cache_gib, m.kv_cache_bytes / kGiB },
        { 0, e.activations_gib, m.compute_bytes / kGiB },
        { 0, e.overhead_gib, m.overhead_bytes / kGiB },
        { report.targetRow().fit.usable_bytes / kGiB, 0, 0 },
    };
    for (int part = 0; part < m_sets.size(); ++part)
        for (int bar = 0; bar < 3; ++bar)
            m_sets[part]->replace(bar, values[part][bar]);
    const double longest = std::max({ m.total_bytes / kGiB, e.total_gib, report.targetRow().fit.usable_bytes / kGiB });
    m_axis->setRange(0, longest * 1.05);
    m_axis->applyNiceNumbers();
    chart()->setTitle(tr("Memory on %1").arg(QString::fromStdString(report.targetRow().gpu.name)));
}

QList<QList<double>> MemoryChart::values() const
{
    QList<QList<double>> out;
    for (const auto* set : m_sets)
        out.append({ set->at(0), set->at(1), set->at(2) });
    return out;
}

} // namespace hearth::ui
