#include "ui/planner/planner_page.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "app/deploy/cluster_export.h"
#include "app/plan/catalog.h"
#include "app/plan/machine_gpus.h"
#include "ui/planner/gpu_fit_table_model.h"
#include "ui/planner/memory_chart.h"

namespace hearth::ui {

namespace {

const QString kFileEntry = QStringLiteral("file:");
constexpr std::uint32_t kDefaultContext = 8192;

QLabel* valueLabel(const QString& objectName)
{
    auto* label = new QLabel;
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

PlannerPage::PlannerPage(const app::MachineGpus& gpus, QWidget* parent)
    : QWidget(parent)
{
    buildLayout();
    fillModels();
    fillGpus({});
    modelChosen();

    connect(m_model, &QComboBox::currentIndexChanged, this, &PlannerPage::modelChosen);
    connect(m_openFile, &QPushButton::clicked, this, &PlannerPage::chooseModelFile);
    connect(m_export, &QPushButton::clicked, this, &PlannerPage::exportClusterDeployment);
    for (auto* combo : { m_quant, m_kv, m_gpu })
        connect(combo, &QComboBox::currentIndexChanged, this, &PlannerPage::replan);
    for (auto* spin : { m_context, m_batch })
        connect(spin, &QSpinBox::valueChanged, this, &PlannerPage::replan);
    connect(&m_fileReader, &QFutureWatcher<std::pair<std::optional<app::PlannedModel>, QString>>::finished, this,
        &PlannerPage::fileModelRead);

    // This machine's GPUs, once the driver has answered (off this thread).
    const auto useGpus = [this, &gpus] {
        m_localGpus = QList<GpuSpec>(gpus.gpus().begin(), gpus.gpus().end());
        if (!m_localGpus.isEmpty())
            fillGpus(m_localGpus);
    };
    if (gpus.isKnown())
        useGpus();
    else
        connect(&gpus, &app::MachineGpus::known, this, useGpus);
}

void PlannerPage::buildLayout()
{
    m_model = new QComboBox;
    m_model->setObjectName(QStringLiteral("model"));
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(26);
    m_openFile = new QPushButton(tr("Open GGUF…"));
    m_openFile->setToolTip(tr("Plan for a model file on this machine (Ctrl+O)"));
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(m_openFile);

    m_quant = new QComboBox;
    m_quant->setObjectName(QStringLiteral("quant"));
    m_context = new QSpinBox;
    m_context->setObjectName(QStringLiteral("context"));
    m_context->setRange(256, 1 << 20);
    m_context->setSingleStep(1024);
    m_context->setSuffix(tr(" tokens"));
    m_context->setGroupSeparatorShown(true);
    m_batch = new QSpinBox;
    m_batch->setObjectName(QStringLiteral("batch"));
    m_batch->setRange(1, 1024);
    m_batch->setToolTip(tr("Sequences decoded in parallel: chat users or API requests at once"));
    m_kv = new QComboBox;
    m_kv->setObjectName(QStringLiteral("kv"));
    m_kv->addItem(tr("F16 (exact)"), QStringLiteral("f16"));
    m_kv->addItem(tr("Q8_0 (half the memory)"), QStringLiteral("q8_0"));
    m_gpu = new QComboBox;
    m_gpu->setObjectName(QStringLiteral("gpu"));

    auto* inputs = new QFormLayout;
    auto* modelLabel = new QLabel(tr("&Model:"));
    modelLabel->setBuddy(m_model); // a row of two widgets has no buddy of its own
    inputs->addRow(modelLabel, modelRow);
    inputs->addRow(tr("&Quantization:"), m_quant);
    inputs->addRow(tr("&Context:"), m_context);
    inputs->addRow(tr("&Batch:"), m_batch);
    inputs->addRow(tr("&KV cache:"), m_kv);
    inputs->addRow(tr("&GPU:"), m_gpu);
    auto* inputBox = new QGroupBox(tr("Plan for"));
    inputBox->setLayout(inputs);

    m_weights = valueLabel(QStringLiteral("weights"));
    m_kvCache = valueLabel(QStringLiteral("kvCache"));
    m_compute = valueLabel(QStringLiteral("compute"));
    m_overhead = valueLabel(QStringLiteral("overhead"));
    m_total = valueLabel(QStringLiteral("total"));
    m_seed = valueLabel(QStringLiteral("seedEstimate"));
    auto* numbers = new QFormLayout;
    numbers->addRow(tr("Weights:"), m_weights);
    numbers->addRow(tr("KV cache:"), m_kvCache);
    numbers->addRow(tr("Compute buffers:"), m_compute);
    numbers->addRow(tr("Runtime overhead:"), m_overhead);
    numbers->addRow(tr("<b>Total:</b>"), m_total);
    numbers->addRow(tr("Quick estimate (guide):"), m_seed);
    m_verdict = new QLabel;
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_verdict->setWordWrap(true);
    m_export = new QPushButton(tr("Export Cluster Deployment…"));
    m_export->setToolTip(tr("Write a vLLM launch script, docker-compose.yml and nginx.conf for this plan (Ctrl+E)"));
    auto* resultBox = new QGroupBox(tr("Memory needed"));
    auto* resultLayout = new QVBoxLayout(resultBox);
    resultLayout->addLayout(numbers);
    resultLayout->addWidget(m_verdict);
    resultLayout->addWidget(m_export, 0, Qt::AlignLeft);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);

    auto* leftPane = new QWidget;
    leftPane->setMaximumWidth(leftPane->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 40);
    auto* left = new QVBoxLayout(leftPane);
    left->setContentsMargins(0, 0, 0, 0);
    left->addWidget(inputBox);
    left->addWidget(resultBox);
    left->addWidget(m_status);
    left->addStretch();

    m_chart = new MemoryChart;
    m_fits = new GpuFitTableModel(this);
    m_fitTable = new QTableView;
    m_fitTable->setObjectName(QStringLiteral("gpuFits"));
    m_fitTable->setModel(m_fits);
    m_fitTable->verticalHeader()->hide();
    m_fitTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_fitTable->horizontalHeader()->setSectionResizeMode(GpuFitTableModel::Name, QHeaderView::Stretch);
    m_fitTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_fitTable->setAlternatingRowColors(true);
    m_explanations = new QTextBrowser;
    m_explanations->setObjectName(QStringLiteral("explanations"));

    auto* right = new QSplitter(Qt::Vertical);
    right->addWidget(m_chart);
    right->addWidget(m_fitTable);
    right->addWidget(m_explanations);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);
    right->setStretchFactor(2, 2);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(leftPane, 0);
    layout->addWidget(right, 1);
}

void PlannerPage::fillModels()
{
    const QSignalBlocker blocker(m_model);
    const auto current = m_model->currentData().toString();
    m_model->clear();
    if (m_fileModel)
        m_model->addItem(tr("%1 (file)").arg(m_fileModel->displayName), kFileEntry);
    for (const auto& model : app::ModelCatalog::builtIn().models())
        m_model->addItem(model.clusterOnly ? tr("%1 (cluster only)").arg(model.name) : model.name, model.id);
    const int index = m_model->findData(current.isEmpty() ? QStringLiteral("qwen2.5-7b-instruct") : current);
    m_model->setCurrentIndex(std::max(index, 0));
}

void PlannerPage::fillQuantizations()
{
    const QSignalBlocker blocker(m_quant);
    const auto current = m_quant->currentData().toString();
    m_quant->clear();
    const auto model = chosenModel();
    if (model && model->engine.stored)
        m_quant->addItem(
            tr("As stored (%1)").arg(QString::fromStdString(model->engine.stored->quantization)), QString());
    for (const auto& level : quant_levels()) {
        const auto name = QString::fromLatin1(level.name.data(), static_cast<qsizetype>(level.name.size()));
        m_quant->addItem(tr("%1 — %2 bits per weight").arg(name).arg(level.bits_per_weight, 0, 'f', 2), name);
    }
    // A file opens as stored; between catalog models the user's choice stays.
    int index = model && model->engine.stored ? 0 : m_quant->findData(current);
    if (index < 0)
        index = m_quant->findData(QStringLiteral("Q4_K_M"));
    m_quant->setCurrentIndex(index);
}

void PlannerPage::fillGpus(const QList<GpuSpec>& local)
{
    const QSignalBlocker blocker(m_gpu);
    const auto current = m_gpu->currentText();
    m_gpu->clear();
    for (const auto& gpu : local)
        m_gpu->addItem(tr("%1 (this machine)").arg(QString::fromStdString(gpu.name)), QString::fromStdString(gpu.name));
    for (const auto& gpu : app::GpuCatalog::builtIn().gpus())
        m_gpu->addItem(QString::fromStdString(gpu.name), QString::fromStdString(gpu.name));
    int index = local.isEmpty() ? m_gpu->findText(current) : 0;
    if (index < 0)
        index = m_gpu->findData(QStringLiteral("RTX 4090 24GB"));
    m_gpu->setCurrentIndex(std::max(index, 0));
    replan();
}

std::optional<app::PlannedModel> PlannerPage::chosenModel() const
{
    const auto id = m_model->currentData().toString();
    if (id == kFileEntry)
        return m_fileModel;
    if (const auto* model = app::ModelCatalog::builtIn().find(id))
        return app::plannedModelFromCatalog(*model);
    return std::nullopt;
}

void PlannerPage::modelChosen()
{
    fillQuantizations();
    if (const auto model = chosenModel(); model && model->engine.shape.max_context) {
        const QSignalBlocker blocker(m_context);
        m_context->setMaximum(static_cast<int>(model->engine.shape.max_context));
        m_context->setValue(static_cast<int>(std::min(kDefaultContext, model->engine.shape.max_context)));
    }
    replan();
}

void PlannerPage::chooseModelFile()
{
    const auto path = QFileDialog::getOpenFileName(
        this, tr("Open a Model File"), QString(), tr("GGUF models (*.gguf);;All files (*)"));
    if (!path.isEmpty())
        openModelFile(path);
}

void PlannerPage::openModelFile(const QString& path)
{
    m_status->setText(tr("Reading %1…").arg(path));
    m_openFile->setEnabled(false);
    m_fileReader.setFuture(QtConcurrent::run([path] {
        QString error;
        auto model = app::openModelFile(path, &error);
        return std::make_pair(std::move(model), error);
    }));
}

void PlannerPage::fileModelRead()
{
    m_openFile->setEnabled(true);
    auto [model, error] = m_fileReader.result();
    if (!model) {
        m_status->setText(
            tr("<span style='color:#c92a2a'>Cannot plan for this file: %1</span>").arg(error.toHtmlEscaped()));
        emit modelFileOpened(false, error);
        return;
    }
    m_fileModel = std::move(model);
    m_status->setText(tr("Opened %1").arg(m_fileModel->filePath));
    {
        const QSignalBlocker blocker(m_model);
        fillModels();
        m_model->setCurrentIndex(m_model->findData(kFileEntry));
    }
    modelChosen();
    emit modelFileOpened(true, QString());
}

void PlannerPage::replan()
{
    const auto model = chosenModel();
    if (!model || m_gpu->count() == 0)
        return;
    app::PlanRequest request;
    request.model = *model;
    request.options.quant = m_quant->currentData().toString().toStdString();
    request.options.context = static_cast<std::uint32_t>(m_context->value());
    request.options.batch = static_cast<std::uint32_t>(m_batch->value());
    request.options.kv = *kv_type_from_name(m_kv->currentData().toString().toStdString());
    request.targetGpu = m_gpu->currentData().toString();
    QString error;
    m_report = app::Planner::plan(request, m_localGpus, &error);
    if (!m_report) {
        m_status->setText(error);
        return;
    }
    showReport();
    emit reportChanged();
}

void PlannerPage::showReport()
{
    const auto& r = *m_report;
    const auto& m = r.memory;
    m_weights->setText(app::formatGiB(m.weights_bytes));
    m_kvCache->setText(app::formatGiB(m.kv_cache_bytes));
    m_compute->setText(app::formatGiB(m.compute_bytes));
    m_overhead->setText(app::formatGiB(m.overhead_bytes));
    m_total->setText(QStringLiteral("<b>%1</b>").arg(app::formatGiB(m.total_bytes)));
    m_seed->setText(tr("%1 GiB").arg(r.seed.total_gib, 0, 'f', 2));

    const auto& target = r.targetRow();
    const auto gpuName = QString::fromStdString(target.gpu.name);
    QString verdict;
    if (r.model.clusterOnly)
        verdict = tr("Hearth's engine does not run the %1 architecture. Export a vLLM deployment for %2 × %3.")
                      .arg(QString::fromStdString(r.model.engine.shape.architecture))
                      .arg(target.fit.gpus_needed)
                      .arg(gpuName);
    else if (target.fit.fits)
        verdict = tr("<b style='color:#2b8a3e'>Fits</b> on %1, with up to %2 tokens of context. Best quantization: %3.")
                      .arg(gpuName, QLocale().toString(target.fit.max_context),
                          QString::fromStdString(target.fit.best_quant));
    else if (target.fit.gpus_needed)
        verdict = tr("<b style='color:#c92a2a'>Does not fit</b> on one %1: %2 of %3 layers fit (partial offload), "
                     "or serve it on %4 GPUs with vLLM.")
                      .arg(gpuName)
                      .arg(target.fit.layers_on_gpu)
                      .arg(r.model.engine.shape.layers)
                      .arg(target.fit.gpus_needed);
    else
        verdict = tr("<b style='color:#c92a2a'>Does not fit</b> on any tensor-parallel group of %1: choose a smaller "
                     "quantization.")
                      .arg(gpuName);
    m_verdict->setText(verdict);
    m_export->setEnabled(target.fit.gpus_needed > 0);

    m_chart->showReport(r);
    m_fits->setReport(r);
    QString html = QStringLiteral("<ul>");
    for (const auto& line : app::Planner::explanations(r))
        html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
    m_explanations->setHtml(html + QStringLiteral("</ul>"));
}

void PlannerPage::exportClusterDeployment()
{
    if (!m_report)
        return;
    const auto dir = QFileDialog::getExistingDirectory(this, tr("Export a Cluster Deployment Into"));
    if (dir.isEmpty())
        return;
    QString error;
    const auto deployment = app::ClusterExport::make(*m_report, app::ClusterExport::generateApiKey(), &error);
    const auto files = deployment ? app::ClusterExport::write(*deployment, dir, &error) : std::nullopt;
    if (!files) {
        QMessageBox::warning(this, tr("Export Failed"), error);
        return;
    }
    QMessageBox::information(this, tr("Cluster Deployment Exported"),
        tr("Wrote %1 files into %2. README.txt there says what to do next.").arg(files->size()).arg(dir));
}

} // namespace hearth::ui
