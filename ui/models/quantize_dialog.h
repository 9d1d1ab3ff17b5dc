#pragma once

#include <QDialog>
#include <QList>

#include "engine/convert/quantize_model.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;

namespace hearth::app {
class MachineGpus;
class ModelLibrary;
class QualityJob;
class QualityReport;
class QuantizeJob;
} // namespace hearth::app

namespace hearth::ui {

class QualityChart;

// Quantize a model from the library: each type with its size and whether
// it fits this machine, the ones checked written one after another beside
// it (or in another folder) and added to the library, and — when a text is
// given — what each cost against the original: perplexity, KL divergence,
// same top token, size and speed, as a table and a chart, exportable as CSV.
class QuantizeDialog : public QDialog {
    Q_OBJECT
public:
    QuantizeDialog(
        app::ModelLibrary& library, const QString& modelPath, const app::MachineGpus& gpus, QWidget* parent = nullptr);

    app::QualityReport& report() { return *m_report; }
    // Checks just these types (tests, and the default Q4_K_M).
    void chooseTargets(const QList<ModelQuant>& targets);
    void setText(const QString& path);
    // Quantize with an importance matrix computed from the text.
    void setUseImportance(bool use);
    void start();

signals:
    // Everything chosen was written (and measured).
    void allDone();

private:
    void fillTargets();
    void next();
    void measure(const QString& model, const QString& reference, const QString& label);
    void finishAll(const QString& message);
    void setRunning(bool running);

    app::ModelLibrary& m_library;
    const app::MachineGpus& m_gpus;
    QString m_model;
    QTableWidget* m_targets;
    QLineEdit* m_folder;
    QCheckBox* m_measure;
    QCheckBox* m_importance;
    QLineEdit* m_text;
    QSpinBox* m_chunks;
    QProgressBar* m_progress;
    QLabel* m_status;
    QTableView* m_table;
    QualityChart* m_chart;
    QPushButton* m_start;
    QPushButton* m_export;
    app::QuantizeJob* m_quantize;
    app::QualityJob* m_quality;
    app::QualityReport* m_report;
    QList<ModelQuant> m_pending; // what is still to write
    int m_total = 0;
    QString m_textContent;
    QString m_importanceFile;
};

} // namespace hearth::ui
