#include "ui/discover/repository_panel.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "app/hub/repository_details.h"
#include "app/plan/machine_fit.h"
#include "app/plan/machine_gpus.h"

namespace hearth::ui {

namespace {

enum FileColumn { QuantColumn, SizeColumn, FitColumn, ActionColumn };

} // namespace

QString RepositoryPanel::verdictOf(const app::RepositoryDetails::Quantization& quantization)
{
    if (!quantization.unrunnableArchitecture.isEmpty())
        return tr("Will not run: this version of Hearth does not run the %1 architecture")
            .arg(quantization.unrunnableArchitecture);
    if (quantization.unrunnableTypes && !quantization.unrunnableTypes->isEmpty())
        return tr("Will not run: this version of Hearth cannot compute with %1 weights")
            .arg(quantization.unrunnableTypes->join(QStringLiteral(", ")));
    const QString fit
        = quantization.fit ? quantization.fit->summary() : tr("Not judged: the model's shape is not known");
    if (quantization.runs())
        return fit;
    if (!quantization.typesError.isEmpty())
        return tr("%1 (weight types not checked)").arg(fit);
    return tr("%1 (checking weight types…)").arg(fit);
}

RepositoryPanel::RepositoryPanel(app::HubClient& hub, const app::MachineGpus& gpus, QWidget* parent)
    : QWidget(parent)
    , m_details(new app::RepositoryDetails(hub, this))
    , m_heading(new QLabel)
    , m_status(new QLabel)
    , m_tabs(new QTabWidget)
    , m_files(new QTreeWidget)
    , m_card(new QTextBrowser)
    , m_config(new QPlainTextEdit)
{
    m_heading->setTextFormat(Qt::RichText);
    m_heading->setWordWrap(true);
    m_heading->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_heading->setOpenExternalLinks(true);
    m_status->setWordWrap(true);
    m_files->setObjectName(QStringLiteral("quantizations"));
    m_files->setHeaderLabels({ tr("Quantization"), tr("Size"), tr("On this machine (4096-token context)"), QString() });
    m_files->setRootIsDecorated(true);
    m_files->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_files->header()->setSectionResizeMode(FitColumn, QHeaderView::Stretch);
    m_card->setOpenExternalLinks(true);
    m_config->setReadOnly(true);
    m_config->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_config->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_files, tr("&Files"));
    m_tabs->addTab(m_card, tr("Model &card"));
    m_tabs->addTab(m_config, tr("config.&json"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs, 1);

    connect(m_details, &app::RepositoryDetails::filesChanged, this, &RepositoryPanel::showFiles);
    const auto useGpus = [this, &gpus] { m_details->setMachine(gpus.gpus(), app::systemMemoryBytes()); };
    if (gpus.isKnown())
        useGpus();
    else
        connect(&gpus, &app::MachineGpus::known, this, useGpus);
    connect(m_details, &app::RepositoryDetails::readmeChanged, this, [this] {
        const QString readme = m_details->readme();
        if (readme.isEmpty())
            m_card->setPlainText(
                m_details->repository().isEmpty() ? QString() : tr("This repository has no model card."));
        else
            m_card->setMarkdown(readme);
    });
    connect(m_details, &app::RepositoryDetails::configChanged, this, [this] {
        if (m_details->config().isEmpty()) {
            m_config->setPlainText(tr("No config.json found in the repository or its base model."));
            return;
        }
        const QString from = m_details->configSource() == m_details->repository()
            ? QString()
            : tr("// from the base model %1\n").arg(m_details->configSource());
        m_config->setPlainText(from + QString::fromUtf8(m_details->config()));
    });
    connect(
        m_details, &app::RepositoryDetails::failed, this, [this](const QString& error) { m_status->setText(error); });
    show(QString(), QString(), std::nullopt);
}

void RepositoryPanel::show(
    const QString& repository, const QString& heading, const std::optional<ModelShape>& knownShape)
{
    if (repository.isEmpty()) {
        m_heading->setText(
            tr("<h3>Choose a model</h3>Recommended models are listed first; search the hub for others."));
        m_status->clear();
        m_files->clear();
        m_card->clear();
        m_config->clear();
        return;
    }
    m_heading->setText(QStringLiteral("<h3>%1</h3>%2").arg(repository.toHtmlEscaped(), heading.toHtmlEscaped()));
    m_status->setText(tr("Loading…"));
    m_details->load(repository, knownShape);
}

void RepositoryPanel::showFiles()
{
    m_files->clear();
    const auto& quantizations = m_details->quantizations();
    if (m_details->repository().isEmpty())
        return;
    const QList<app::HubFile>& checkpoint = m_details->checkpoint();
    if (m_details->filesLoaded())
        m_status->setText(quantizations.isEmpty() && checkpoint.isEmpty()
                ? tr("This repository has no GGUF files and no safetensors checkpoint Hearth can convert.")
                : QString());
    const QLocale locale;
    for (const auto& quantization : quantizations) {
        auto* item = new QTreeWidgetItem(m_files);
        const auto& group = quantization.group;
        item->setText(QuantColumn,
            group.files.size() > 1 ? tr("%1 (%n parts)", nullptr, int(group.files.size())).arg(group.quantization)
                                   : group.quantization);
        item->setText(SizeColumn, locale.formattedDataSize(group.totalSize, 1));
        item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        const bool wontRun = quantization.wontRun();
        item->setText(FitColumn, verdictOf(quantization));
        if (!quantization.unrunnableArchitecture.isEmpty()) {
            item->setForeground(FitColumn, palette().brush(QPalette::Disabled, QPalette::Text));
            item->setToolTip(FitColumn,
                tr("The file's header names a model architecture this version of Hearth does not run. Update "
                   "Hearth, or serve the model on a vLLM cluster (Planner → Export Cluster Deployment…)."));
        } else if (wontRun) {
            item->setForeground(FitColumn, palette().brush(QPalette::Disabled, QPalette::Text));
            item->setToolTip(FitColumn,
                tr("The file's header lists tensors in a weight format this version of Hearth does not run. Update "
                   "Hearth, or choose a common quantization (Q4_K_M, Q5_K_M, Q6_K, Q8_0)."));
        } else if (!quantization.typesError.isEmpty()) {
            item->setToolTip(FitColumn, quantization.typesError);
        } else if (quantization.fit) {
            item->setToolTip(FitColumn, quantization.fit->summary());
        }
        for (const app::HubFile& file : group.files) {
            auto* child = new QTreeWidgetItem(item);
            child->setText(QuantColumn, file.path);
            child->setText(SizeColumn, locale.formattedDataSize(file.size, 1));
            child->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
            child->setText(FitColumn,
                file.sha256.isEmpty()
                    ? tr("no SHA-256 from the hub")
                    : tr("SHA-256 %1").arg(QString::fromLatin1(file.sha256.left(16)) + QStringLiteral("…")));
        }
        auto* download = new QPushButton(tr("Download"));
        download->setObjectName(QStringLiteral("download-") + group.quantization);
        download->setEnabled(!wontRun);
        connect(download, &QPushButton::clicked, this,
            [this, repository = m_details->repository(), group] { emit downloadRequested(repository, group); });
        m_files->setItemWidget(item, ActionColumn, download);
    }
    if (!checkpoint.isEmpty()) {
        qint64 total = 0;
        for (const app::HubFile& file : checkpoint)
            total += file.size;
        auto* item = new QTreeWidgetItem(m_files);
        item->setText(QuantColumn, tr("Checkpoint → GGUF F16"));
        item->setToolTip(QuantColumn, tr("The safetensors checkpoint, downloaded and converted to a GGUF file"));
        item->setText(SizeColumn, locale.formattedDataSize(total, 1));
        item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        const auto fit = m_details->checkpointFit();
        item->setText(FitColumn, fit ? fit->summary() : tr("Not judged: the model's shape is not known"));
        for (const app::HubFile& file : checkpoint) {
            auto* child = new QTreeWidgetItem(item);
            child->setText(QuantColumn, file.path);
            child->setText(SizeColumn, locale.formattedDataSize(file.size, 1));
            child->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        }
        auto* download = new QPushButton(tr("Download and Convert"));
        download->setObjectName(QStringLiteral("download-checkpoint"));
        connect(download, &QPushButton::clicked, this, [this, repository = m_details->repository(), checkpoint] {
            emit checkpointRequested(repository, checkpoint);
        });
        m_files->setItemWidget(item, ActionColumn, download);
    }
}

} // namespace hearth::ui
