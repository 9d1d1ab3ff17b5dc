#pragma once

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace hearth::app {

// One quantization of a model, measured.
struct QualityRow {
    QString quantization; // "Q4_K_M"; the reference's own type for its row
    QString path;
    qint64 sizeBytes = 0;
    double perplexity = 0;
    double perplexityError = 0;
    std::optional<double> klDivergence; // none for the reference itself
    std::optional<double> klDivergenceP99;
    std::optional<double> sameTopToken; // fraction
    double tokensPerSecond = 0; // generation on this machine
    qint64 tokens = 0; // scored
    qint64 chunks = 0;
    double seconds = 0; // the scoring's
    QString device; // where it was measured: the GPU's name, or empty for the CPU
};

// What each quantization of one model cost, a row each, for a table and a
// chart, and as CSV.
class QualityReport : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { QuantColumn, SizeColumn, PerplexityColumn, KlColumn, SameTopColumn, SpeedColumn, ColumnCount };
    enum Role { ValueRole = Qt::UserRole + 1 }; // the raw number behind a cell

    explicit QualityReport(QObject* parent = nullptr);

    void append(const QualityRow& row);
    void clear();
    const QList<QualityRow>& rows() const { return m_rows; }

    // quantization,path,size_bytes,perplexity,perplexity_error,kl_divergence,kl_divergence_p99,same_top_token,tokens_per_second
    QByteArray toCsv() const;
    bool exportCsv(const QString& path, QString* error) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<QualityRow> m_rows;
};

} // namespace hearth::app
