#include "ui/planner/gpu_fit_table_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace hearth::ui {

void GpuFitTableModel::setReport(const app::PlanReport& report)
{
    beginResetModel();
    m_rows = report.gpus;
    m_target = report.target;
    m_layers = report.model.engine.shape.layers;
    endResetModel();
}

int GpuFitTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int GpuFitTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GpuFitTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const auto& row = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return row.gpu.local ? tr("%1 (this machine)").arg(QString::fromStdString(row.gpu.name))
                                 : QString::fromStdString(row.gpu.name);
        case Memory:
            return app::formatGiB(row.gpu.capacity_bytes);
        case Fits:
            return row.fit.fits ? tr("Yes") : tr("No");
        case MaxContext:
            return row.fit.max_context ? QLocale().toString(row.fit.max_context) : tr("—");
        case LayersOnGpu:
            return tr("%1 of %2").arg(row.fit.layers_on_gpu).arg(m_layers);
        case GpusNeeded:
            return row.fit.gpus_needed ? QString::number(row.fit.gpus_needed) : tr("none");
        case BestQuant:
            return row.fit.best_quant.empty() ? tr("none fits") : QString::fromStdString(row.fit.best_quant);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Fits)
        return QBrush(row.fit.fits ? QColor(0x2b, 0x8a, 0x3e) : QColor(0xc9, 0x2a, 0x2a));
    if (role == Qt::FontRole && index.row() == m_target) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole && index.column() != Name)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == GpusNeeded)
        return tr("GPUs of this kind a tensor-parallel deployment needs for the whole model; "
                  "\"none\" when no group of up to 64 that divides the attention heads holds it");
    if (role == Qt::ToolTipRole && index.column() == Memory)
        return tr("%1 usable after headroom").arg(app::formatGiB(row.fit.usable_bytes));
    return {};
}

QVariant GpuFitTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("GPU");
    case Memory:
        return tr("Memory");
    case Fits:
        return tr("Fits");
    case MaxContext:
        return tr("Max context");
    case LayersOnGpu:
        return tr("Layers on GPU");
    case GpusNeeded:
        return tr("GPUs (TP)");
    case BestQuant:
        return tr("Best quant");
    }
    return {};
}

} // namespace hearth::ui
