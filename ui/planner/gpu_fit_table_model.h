#pragma once

#include <QAbstractTableModel>

#include "app/plan/plan_report.h"

namespace hearth::ui {

// One row per GPU: does the plan fit, how much context, how many layers, how
// many GPUs with tensor parallelism, and the best quantization.
class GpuFitTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Memory, Fits, MaxContext, LayersOnGpu, GpusNeeded, BestQuant, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setReport(const app::PlanReport& report);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<app::GpuRow> m_rows;
    int m_target = -1;
    std::uint32_t m_layers = 0;
};

} // namespace hearth::ui
