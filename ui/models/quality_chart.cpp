#include "ui/models/quality_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QLocale>
#include <QValueAxis>

#include "app/quant/quality_report.h"

namespace hearth::ui {

QualityChart::QualityChart(const app::QualityReport& report, QWidget* parent)
    : QChartView(parent)
    , m_report(report)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(160);
    connect(&report, &QAbstractItemModel::rowsInserted, this, &QualityChart::rebuild);
    connect(&report, &QAbstractItemModel::modelReset, this, &QualityChart::rebuild);
    rebuild();
}

void QualityChart::rebuild()
{
    auto* chart = new QChart;
    chart->setTitle(tr("KL divergence from the original (lower is better)"));
    chart->legend()->hide();
    auto* bars = new QBarSet(tr("KL divergence"));
    QStringList labels;
    double top = 0;
    const QLocale locale;
    for (const app::QualityRow& row : m_report.rows()) {
        if (!row.klDivergence)
            continue;
        *bars << *row.klDivergence;
        top = std::max(top, *row.klDivergence);
        labels << tr("%1 (%2)").arg(row.quantization, locale.formattedDataSize(row.sizeBytes, 1));
    }
    auto* series = new QHorizontalBarSeries;
    series->append(bars);
    chart->addSeries(series);
    auto* categories = new QBarCategoryAxis;
    categories->append(labels);
    chart->addAxis(categories, Qt::AlignLeft);
    series->attachAxis(categories);
    auto* values = new QValueAxis;
    values->setRange(0, top > 0 ? top * 1.1 : 1);
    values->setLabelFormat(QStringLiteral("%.3g"));
    chart->addAxis(values, Qt::AlignBottom);
    series->attachAxis(values);
    QChart* old = this->chart();
    setChart(chart);
    delete old;
}

} // namespace hearth::ui
