#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include <optional>

#include "app/plan/plan_report.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;
class QTextBrowser;

namespace hearth::app {
class MachineGpus;
}

namespace hearth::ui {

class GpuFitTableModel;
class MemoryChart;

// Choose a model (catalog or GGUF file), a quantization, context, batch, KV
// type and GPU; see at once where the memory goes and which GPUs fit.
class PlannerPage : public QWidget {
    Q_OBJECT
public:
    explicit PlannerPage(const app::MachineGpus& gpus, QWidget* parent = nullptr);

    const std::optional<app::PlanReport>& report() const { return m_report; }

public slots:
    void chooseModelFile();
    // Reads the file's header off the GUI thread; modelFileOpened follows.
    void openModelFile(const QString& path);
    void exportClusterDeployment();

signals:
    void reportChanged();
    void modelFileOpened(bool ok, const QString& message);

private:
    void buildLayout();
    void fillModels();
    void fillQuantizations();
    void fillGpus(const QList<GpuSpec>& local);
    void modelChosen();
    void fileModelRead();
    void replan();
    void showReport();
    std::optional<app::PlannedModel> chosenModel() const;

    QComboBox* m_model = nullptr;
    QPushButton* m_openFile = nullptr;
    QComboBox* m_quant = nullptr;
    QSpinBox* m_context = nullptr;
    QSpinBox* m_batch = nullptr;
    QComboBox* m_kv = nullptr;
    QComboBox* m_gpu = nullptr;
    QLabel* m_weights = nullptr;
    QLabel* m_kvCache = nullptr;
    QLabel* m_compute = nullptr;
    QLabel* m_overhead = nullptr;
    QLabel* m_total = nullptr;
    QLabel* m_seed = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_export = nullptr;
    MemoryChart* m_chart = nullptr;
    GpuFitTableModel* m_fits = nullptr;
    QTableView* m_fitTable = nullptr;
    QTextBrowser* m_explanations = nullptr;

    QList<GpuSpec> m_localGpus;
    std::optional<app::PlannedModel> m_fileModel;
    std::optional<app::PlanReport> m_report;
    QFutureWatcher<std::pair<std::optional<app::PlannedModel>, QString>> m_fileReader;
};

} // namespace hearth::ui
