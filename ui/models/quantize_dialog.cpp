#include "ui/models/quantize_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/library/model_library.h"
#include "app/plan/machine_gpus.h"
#include "app/quant/quality_job.h"
#include "app/quant/quality_report.h"
#include "app/quant/quantize_job.h"
#include "app/quant/quantize_targets.h"
#include "ui/models/quality_chart.h"

namespace hearth::ui {

namespace {

enum TargetColumn { TypeColumn, SizeColumn, FitColumn };
constexpr quint32 kFitContext = 4096;
constexpr quint32 kEvalContext = 512;
const QString kTextKey = QStringLiteral("quantize/text");
constexpr int kNeedsImportanceRole = Qt::UserRole + 1;

} // namespace

QuantizeDialog::QuantizeDialog(
    app::ModelLibrary& library, const QString& modelPath, const app::MachineGpus& gpus, QWidget* parent)
    : QDialog(parent)
    , m_library(library)
    , m_gpus(gpus)
    , m_model(modelPath)
    , m_targets(new QTableWidget(0, 3))
    , m_folder(new QLineEdit(QFileInfo(modelPath).absolutePath()))
    , m_measure(new QCheckBox(tr("&Measure what each costs against the original, on this text:")))
    , m_importance(new QCheckBox(tr("&Weigh by an importance matrix computed from the text (IQ1–IQ3 need one)")))
    , m_text(new QLineEdit)
    , m_chunks(new QSpinBox)
    , m_progress(new QProgressBar)
    , m_status(new QLabel)
    , m_table(new QTableView)
    , m_quantize(new app::QuantizeJob(this))
    , m_quality(new app::QualityJob(this))
    , m_report(new app::QualityReport(this))
{
    setWindowTitle(tr("Quantize %1").arg(QFileInfo(modelPath).fileName()));
    m_chart = new QualityChart(*m_report);
    m_targets->setObjectName(QStringLiteral("targets"));
    m_targets->setHorizontalHeaderLabels(
        { tr("Type"), tr("Size"), tr("On this machine (%1-token context)").arg(kFitContext) });
    m_targets->verticalHeader()->hide();
    m_targets->setSelectionMode(QAbstractItemView::NoSelection);
    m_targets->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_targets->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_targets->horizontalHeader()->setSectionResizeMode(FitColumn, QHeaderView::Stretch);
    fillTargets();
    if (!m_gpus.isKnown())
        connect(&m_gpus, &app::MachineGpus::known, this, &QuantizeDialog::fillTargets);

    auto* browseFolder = new QPushButton(tr("Browse…"));
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browseFolder);
    m_text->setObjectName(QStringLiteral("text"));
    m_text->setPlaceholderText(tr("A plain-text file: a few thousand words of what the model will be used for"));
    m_text->setText(QSettings().value(kTextKey).toString());
    m_measure->setChecked(!m_text->text().isEmpty());
    auto* browseText = new QPushButton(tr("Choose…"));
    auto* textRow = new QHBoxLayout;
    textRow->addWidget(m_text, 1);
    textRow->addWidget(browseText);
    m_chunks->setRange(1, 1000);
    m_chunks->setValue(16);
    m_chunks->setSuffix(tr(" chunks of %1 tokens").arg(kEvalContext));
    m_chunks->setToolTip(tr("More chunks measure more precisely and take longer"));

    auto* form = new QFormLayout;
    form->addRow(tr("Write into:"), folderRow);
    form->addRow(m_measure);
    form->addRow(tr("Text:"), textRow);
    form->addRow(tr("At most:"), m_chunks);
    m_importance->setToolTip(tr("Columns the text's activations make large keep more precision (llama.cpp's "
                                "imatrix). Best with a text like the model's real use."));
    form->addRow(m_importance);

    m_table->setObjectName(QStringLiteral("report"));
    m_table->setModel(m_report);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    auto* results = new QSplitter(Qt::Horizontal);
    results->addWidget(m_table);
    results->addWidget(m_chart);
    results->setStretchFactor(0, 3);
    results->setStretchFactor(1, 2);

    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("status"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_start = buttons->addButton(tr("&Quantize"), QDialogButtonBox::ActionRole);
    m_start->setObjectName(QStringLiteral("start"));
    m_start->setDefault(true);
    m_export = buttons->addButton(tr("&Export CSV…"), QDialogButtonBox::ActionRole);
    m_export->setEnabled(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Fewer bits make the file smaller and faster, and cost some quality. A larger "
                                    "model quantized often beats a smaller one at full precision.")));
    layout->addWidget(m_targets);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(results, 1);
    layout->addWidget(buttons);
    resize(900, 760);

    connect(browseFolder, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Write Into"), m_folder->text());
        if (!folder.isEmpty())
            m_folder->setText(folder);
    });
    connect(browseText, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Text to Measure With"), m_text->text(), tr("Text files (*.txt *.md);;All files (*)"));
        if (!file.isEmpty())
            setText(file);
    });
    connect(m_start, &QPushButton::clicked, this, &QuantizeDialog::start);
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the Report"),
            QDir(m_folder->text()).filePath(QFileInfo(m_model).completeBaseName() + QStringLiteral("-quality.csv")),
            tr("CSV files (*.csv)"));
        QString error;
        if (!path.isEmpty() && !m_report->exportCsv(path, &error))
            m_status->setText(error);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, [this] {
        // Closing stops the work; the file being written is not left behind.
        m_quantize->cancel();
        m_quality->cancel();
        reject();
    });
    connect(m_quantize, &app::QuantizeJob::progress, this, [this](double fraction, const QString& tensor) {
        const int done = m_total - int(m_pending.size()) - 1;
        m_progress->setValue(int(1000 * (done + fraction * (m_measure->isChecked() ? 0.5 : 1.0)) / m_total));
        m_status->setText(tr("Writing %1…").arg(tensor));
    });
    connect(m_quantize, &app::QuantizeJob::finished, this, [this](const QString& output, double seconds) {
        m_library.addFiles({ output });
        m_status->setText(tr("Wrote %1 in %2 s.").arg(QFileInfo(output).fileName()).arg(seconds, 0, 'f', 1));
        if (m_measure->isChecked())
            measure(output, m_model, m_targets->property("current").toString());
        else
            next();
    });
    connect(m_quantize, &app::QuantizeJob::failed, this, [this](const QString& error) { finishAll(error); });
    connect(m_quantize, &app::QuantizeJob::cancelled, this,
        [this] { finishAll(tr("Stopped; nothing half-written was kept.")); });
    connect(m_quality, &app::QualityJob::finished, this, [this](const app::QualityRow& row) {
        m_report->append(row);
        m_export->setEnabled(true);
        next();
    });
    connect(m_quality, &app::QualityJob::failed, this, [this](const QString& error) { finishAll(error); });
    connect(m_quality, &app::QualityJob::cancelled, this, [this] { finishAll(tr("Stopped.")); });
}

void QuantizeDialog::fillTargets()
{
    QString error;
    const auto targets = app::quantizeTargets(m_model, kFitContext, m_gpus.gpus(), app::systemMemoryBytes(), &error);
    if (!targets) {
        m_status->setText(error);
        return;
    }
    const QLocale locale;
    m_targets->setRowCount(int(targets->size()));
    for (int row = 0; row < targets->size(); ++row) {
        const app::QuantizeTarget& target = (*targets)[row];
        auto* type = new QTableWidgetItem(QString::fromLatin1(model_quant_name(target.quant).data()));
        type->setData(Qt::UserRole, int(target.quant));
        type->setFlags(target.current ? Qt::NoItemFlags : Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        type->setCheckState(Qt::Unchecked);
        type->setData(kNeedsImportanceRole, target.needsImportance);
        if (target.current) {
            type->setToolTip(tr("The file already has this type"));
            m_targets->setProperty("current", type->text());
        } else if (target.needsImportance) {
            type->setToolTip(tr("Needs an importance matrix: check “Weigh by an importance matrix” and choose a text"));
        }
        m_targets->setItem(row, TypeColumn, type);
        auto* size = new QTableWidgetItem(locale.formattedDataSize(target.bytes, 1));
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_targets->setItem(row, SizeColumn, size);
        m_targets->setItem(row, FitColumn, new QTableWidgetItem(target.fit.summary()));
    }
    chooseTargets({ ModelQuant::Q4_K_M });
}

void QuantizeDialog::chooseTargets(const QList<ModelQuant>& targets)
{
    for (int row = 0; row < m_targets->rowCount(); ++row) {
        QTableWidgetItem* item = m_targets->item(row, TypeColumn);
        if (item->flags() & Qt::ItemIsUserCheckable)
            item->setCheckState(
                targets.contains(ModelQuant(item->data(Qt::UserRole).toInt())) ? Qt::Checked : Qt::Unchecked);
    }
}

void QuantizeDialog::setText(const QString& path)
{
    m_text->setText(path);
    m_measure->setChecked(!path.isEmpty());
    QSettings().setValue(kTextKey, path);
}

void QuantizeDialog::setUseImportance(bool use)
{
    m_importance->setChecked(use);
}

void QuantizeDialog::setRunning(bool running)
{
    m_importance->setEnabled(!running);
    m_start->setEnabled(!running);
    m_targets->setEnabled(!running);
    m_folder->setEnabled(!running);
    m_measure->setEnabled(!running);
    m_text->setEnabled(!running);
    m_chunks->setEnabled(!running);
}

void QuantizeDialog::start()
{
    m_pending.clear();
    for (int row = 0; row < m_targets->rowCount(); ++row) {
        const QTableWidgetItem* item = m_targets->item(row, TypeColumn);
        if (item->checkState() == Qt::Checked)
            m_pending << ModelQuant(item->data(Qt::UserRole).toInt());
    }
    if (m_pending.isEmpty()) {
        m_status->setText(tr("Check the types to write first."));
        return;
    }
    for (int row = 0; row < m_targets->rowCount() && !m_importance->isChecked(); ++row) {
        const QTableWidgetItem* item = m_targets->item(row, TypeColumn);
        if (item->checkState() == Qt::Checked && item->data(kNeedsImportanceRole).toBool()) {
            m_status->setText(tr("%1 needs an importance matrix: without one its 1- to 3-bit grid gives garbage. "
                                 "Check “Weigh by an importance matrix” and choose a text like the model's real use.")
                                  .arg(item->text()));
            return;
        }
    }
    if (!QDir().mkpath(m_folder->text())) {
        m_status->setText(tr("Cannot create the folder %1.").arg(m_folder->text()));
        return;
    }
    if (m_measure->isChecked() || m_importance->isChecked()) {
        QFile text(m_text->text());
        if (!text.open(QIODevice::ReadOnly)) {
            m_status->setText(tr("Cannot read the text %1: %2").arg(m_text->text(), text.errorString()));
            return;
        }
        m_textContent = QString::fromUtf8(text.readAll());
    }
    m_total = int(m_pending.size());
    m_report->clear();
    // Computed afresh for this run's text, then shared by every type.
    m_importanceFile
        = QDir(m_folder->text()).filePath(QFileInfo(m_model).completeBaseName() + QStringLiteral(".imatrix.gguf"));
    QFile::remove(m_importanceFile);
    setRunning(true);
    if (m_measure->isChecked()) {
        // The original's own row first: the perplexity the others are compared with.
        ++m_total;
        measure(m_model, QString(), m_targets->property("current").toString());
        return;
    }
    next();
}

void QuantizeDialog::measure(const QString& model, const QString& reference, const QString& label)
{
    const QString quantization = reference.isEmpty()
        ? (label.isEmpty() ? tr("original") : label)
        : QFileInfo(model).completeBaseName().section(QLatin1Char('-'), -1);
    m_status->setText(tr("Measuring %1…").arg(QFileInfo(model).fileName()));
    // On the GPU when there is one, as the chat would run the model.
    m_quality->start(
        { model, reference, m_textContent, kEvalContext, quint32(m_chunks->value()), 0, quantization, true });
}

void QuantizeDialog::next()
{
    const int done = m_total - int(m_pending.size());
    m_progress->setValue(m_total ? 1000 * done / m_total : 1000);
    if (m_pending.isEmpty()) {
        finishAll(tr("Done: the new files are in the library."));
        emit allDone();
        return;
    }
    const ModelQuant target = m_pending.takeFirst();
    const QString output
        = QDir(m_folder->text()).filePath(QFileInfo(app::QuantizeJob::defaultOutput(m_model, target)).fileName());
    if (m_importance->isChecked())
        m_quantize->start({ m_model, output, target, 0, m_importanceFile, m_textContent });
    else
        m_quantize->start({ m_model, output, target, 0, {}, {} });
}

void QuantizeDialog::finishAll(const QString& message)
{
    m_pending.clear();
    m_status->setText(message);
    setRunning(false);
}

} // namespace hearth::ui
