#include "app/quant/quality_report.h"

#include <QLocale>
#include <QSaveFile>

namespace hearth::app {

QualityReport::QualityReport(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void QualityReport::append(const QualityRow& row)
{
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
    m_rows << row;
    endInsertRows();
}

void QualityReport::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

QByteArray QualityReport::toCsv() const
{
    const auto number
        = [](std::optional<double> value) { return value ? QByteArray::number(*value, 'g', 8) : QByteArray(); };
    const auto quoted = [](const QString& text) {
        QString escaped = text;
        escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return (QLatin1Char('"') + escaped + QLatin1Char('"')).toUtf8();
    };
    QByteArray csv = "quantization,path,size_bytes,perplexity,perplexity_error,kl_divergence,kl_divergence_p99,"
                     "same_top_token,tokens_per_second\n";
    for (const QualityRow& row : m_rows)
        csv += row.quantization.toUtf8() + ',' + quoted(row.path) + ',' + QByteArray::number(row.sizeBytes) + ','
            + number(row.perplexity) + ',' + number(row.perplexityError) + ',' + number(row.klDivergence) + ','
            + number(row.klDivergenceP99) + ',' + number(row.sameTopToken) + ',' + number(row.tokensPerSecond) + '\n';
    return csv;
}

bool QualityReport::exportCsv(const QString& path, QString* error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toCsv()) < 0 || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

int QualityReport::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QualityReport::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QualityReport::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QualityRow& row = m_rows[index.row()];
    if (role == ValueRole) {
        switch (index.column()) {
        case SizeColumn:
            return row.sizeBytes;
        case PerplexityColumn:
            return row.perplexity;
        case KlColumn:
            return row.klDivergence ? QVariant(*row.klDivergence) : QVariant();
        case SameTopColumn:
            return row.sameTopToken ? QVariant(*row.sameTopToken) : QVariant();
        case SpeedColumn:
            return row.tokensPerSecond;
        }
        return {};
    }
    if (role == Qt::ToolTipRole)
        return row.path;
    if (role == Qt::TextAlignmentRole && index.column() != QuantColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case QuantColumn:
        return row.quantization;
    case SizeColumn:
        return locale.formattedDataSize(row.sizeBytes, 1);
    case PerplexityColumn:
        return tr("%1 ± %2").arg(locale.toString(row.perplexity, 'f', 3), locale.toString(row.perplexityError, 'f', 3));
    case KlColumn:
        return row.klDivergence ? locale.toString(*row.klDivergence, 'f', 5) : tr("reference");
    case SameTopColumn:
        return row.sameTopToken ? tr("%1 %").arg(locale.toString(*row.sameTopToken * 100, 'f', 1)) : QString();
    case SpeedColumn:
        return locale.toString(row.tokensPerSecond, 'f', 1);
    }
    return {};
}

QVariant QualityReport::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case QuantColumn:
        return tr("Quantization");
    case SizeColumn:
        return tr("Size");
    case PerplexityColumn:
        return tr("Perplexity");
    case KlColumn:
        return tr("KL divergence");
    case SameTopColumn:
        return tr("Same top token");
    case SpeedColumn:
        return tr("Tokens/s");
    }
    return {};
}

} // namespace hearth::app
