#include "ui/models/models_page.h"

#include <QDesktopServices>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "app/library/library_table_model.h"
#include "app/library/model_details.h"
#include "app/library/model_library.h"
#include "app/plan/machine_fit.h"
#include "app/plan/machine_gpus.h"
#include "app/quant/convert_job.h"
#include "ui/models/quantize_dialog.h"

namespace hearth::ui {

namespace {

// The context the fit is judged at: what most chats need.
constexpr quint32 kFitContext = 4096;

QStringList modelFilesIn(const QMimeData* mime)
{
    QStringList files;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()
            && QFileInfo(url.toLocalFile()).suffix().compare(QLatin1String("gguf"), Qt::CaseInsensitive) == 0)
            files << url.toLocalFile();
    return files;
}

} // namespace

ModelsPage::ModelsPage(app::ModelLibrary& library, const app::MachineGpus& gpus, QWidget* parent)
    : QWidget(parent)
    , m_library(library)
    , m_gpus(gpus)
{
    setAcceptDrops(true);
    auto* add = new QPushButton(QIcon::fromTheme(QStringLiteral("list-add")), tr("Add File…"));
    connect(add, &QPushButton::clicked, this, &ModelsPage::addFiles);
    auto* scan = new QPushButton(QIcon::fromTheme(QStringLiteral("folder-open")), tr("Scan Folder…"));
    scan->setToolTip(tr("Find every GGUF file in a folder and its subfolders (LM Studio's and Ollama's too)"));
    connect(scan, &QPushButton::clicked, this, &ModelsPage::scanFolder);
    auto* load = new QPushButton(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("Load in Chat"));
    load->setObjectName(QStringLiteral("loadModel"));
    connect(load, &QPushButton::clicked, this, &ModelsPage::loadSelected);
    auto* remove = new QPushButton(tr("Remove from Library"));
    connect(remove, &QPushButton::clicked, this, &ModelsPage::removeSelected);
    auto* erase = new QPushButton(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("Delete File…"));
    connect(erase, &QPushButton::clicked, this, &ModelsPage::deleteSelected);
    auto* reveal = new QPushButton(tr("Show in Folder"));
    connect(reveal, &QPushButton::clicked, this, &ModelsPage::showSelectedInFolder);
    auto* quantize = new QPushButton(tr("Quantize…"));
    quantize->setObjectName(QStringLiteral("quantize"));
    quantize->setToolTip(tr("Write the model in fewer bits, and measure what that costs"));
    connect(quantize, &QPushButton::clicked, this, &ModelsPage::quantizeSelected);
    auto* convert = new QPushButton(tr("Convert Checkpoint…"));
    convert->setToolTip(tr("Turn a Hugging Face checkpoint (safetensors) into a GGUF model"));
    connect(convert, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Convert a Hugging Face Checkpoint"));
        if (!folder.isEmpty())
            convertCheckpoint(folder, app::ConvertJob::defaultOutput(folder, GgmlType::F16));
    });
    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("modelFilter"));
    m_filter->setPlaceholderText(tr("Filter models"));
    m_filter->setClearButtonEnabled(true);

    auto* toolbar = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*> { add, scan, convert, load, quantize, remove, erase, reveal })
        toolbar->addWidget(w);
    toolbar->addStretch();
    toolbar->addWidget(m_filter);

    m_model = new app::LibraryTableModel(m_library, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(app::LibraryTableModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("library"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(app::LibraryTableModel::Added, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(app::LibraryTableModel::Name, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(app::LibraryTableModel::Name, QHeaderView::Stretch);
    connect(m_table, &QTableView::doubleClicked, this, &ModelsPage::loadSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ModelsPage::showDetails);

    auto* empty = new QLabel(tr("<h3>No models yet</h3><p>Add a GGUF file, scan a folder of them (LM Studio's or "
                                "Ollama's models folder works), or drop files here.</p>"));
    empty->setObjectName(QStringLiteral("emptyLibrary"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    m_stack = new QStackedWidget;
    m_stack->addWidget(empty);
    m_stack->addWidget(m_table);

    m_details = new QTextBrowser;
    m_details->setObjectName(QStringLiteral("modelDetails"));
    m_details->setOpenExternalLinks(false);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_stack);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_status = new QLabel;
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    // The table reloads whole when the library changes: keep the selection.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_keptSelection = selectedModel(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { selectModel(m_keptSelection); });
    connect(&m_library, &app::ModelLibrary::modelsChanged, this, &ModelsPage::updateEmptyState);
    if (!m_gpus.isKnown())
        connect(&m_gpus, &app::MachineGpus::known, this, &ModelsPage::showDetails);
    connect(&m_library, &app::ModelLibrary::addFailed, this, [this](const QString& path, const QString& error) {
        m_status->setText(tr("Not added: %1").arg(error.contains(path) ? error : path + QStringLiteral(": ") + error));
    });
    connect(&m_library, &app::ModelLibrary::scanFinished, this, [this](const QString& folder, int found) {
        m_status->setText(tr("Found %n model(s) in %1.", nullptr, found).arg(folder));
    });
    connect(&m_library, &app::ModelLibrary::busyChanged, this, [this](bool busy) {
        if (busy)
            m_status->setText(tr("Reading model files…"));
    });
    connect(&m_library, &app::ModelLibrary::hashProgress, this, [this](qint64 id, double fraction) {
        if (id != selectedModel())
            return;
        if (const auto model = m_library.model(id))
            renderDetails(*model, nullptr, fraction);
    });
    connect(&m_library, &app::ModelLibrary::hashComputed, this, [this](qint64 id) {
        if (id == selectedModel())
            showDetails();
    });
    updateEmptyState();
}

qint64 ModelsPage::selectedModel() const
{
    const QModelIndex index = m_table->currentIndex();
    return index.isValid() ? index.data(app::LibraryTableModel::IdRole).toLongLong() : 0;
}

void ModelsPage::selectModel(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    m_table->setCurrentIndex(m_proxy->mapFromSource(m_model->index(row, 0)));
}

void ModelsPage::addFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add Model Files"), QString(), tr("GGUF models (*.gguf);;All files (*)"));
    if (!files.isEmpty())
        m_library.addFiles(files);
}

void ModelsPage::scanFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Scan a Folder for Models"));
    if (!folder.isEmpty())
        scan(folder);
}

void ModelsPage::scan(const QString& folder)
{
    m_status->setText(tr("Scanning %1…").arg(folder));
    m_library.scanFolder(folder);
}

void ModelsPage::quantizeSelected()
{
    const auto model = m_library.model(selectedModel());
    if (!model || model->state == app::LibraryModel::FileState::Missing)
        return;
    auto* dialog = new QuantizeDialog(m_library, model->path, m_gpus, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ModelsPage::convertCheckpoint(const QString& folder, const QString& output)
{
    auto* job = new app::ConvertJob(this);
    auto* progress
        = new QProgressDialog(tr("Converting %1…").arg(QFileInfo(folder).fileName()), tr("Cancel"), 0, 1000, this);
    progress->setWindowTitle(tr("Convert"));
    progress->setMinimumDuration(0);
    progress->setWindowModality(Qt::WindowModal);
    const auto done = [job, progress] {
        progress->deleteLater();
        job->deleteLater();
    };
    connect(job, &app::ConvertJob::progress, progress,
        [progress](double fraction) { progress->setValue(int(fraction * 999)); });
    connect(progress, &QProgressDialog::canceled, job, &app::ConvertJob::cancel);
    connect(job, &app::ConvertJob::finished, this, [this, done](const QString& path, double seconds) {
        m_library.addFiles({ path });
        m_status->setText(tr("Converted to %1 in %2 s; quantize it for a smaller file.")
                              .arg(QFileInfo(path).fileName())
                              .arg(seconds, 0, 'f', 1));
        done();
        emit conversionFinished(path);
    });
    connect(job, &app::ConvertJob::failed, this, [this, done](const QString& error) {
        m_status->setText(tr("Could not convert: %1").arg(error));
        done();
        emit conversionFailed(error);
    });
    connect(job, &app::ConvertJob::cancelled, this, [this, done] {
        m_status->setText(tr("Conversion stopped; nothing was written."));
        done();
    });
    job->start({ folder, output, GgmlType::F16 });
}

void ModelsPage::loadSelected()
{
    const auto model = m_library.model(selectedModel());
    if (!model)
        return;
    if (model->state == app::LibraryModel::FileState::Missing) {
        m_status->setText(tr("%1 is gone from %2.").arg(model->name, model->path));
        return;
    }
    m_library.markUsed(model->id);
    emit loadRequested(model->path);
}

void ModelsPage::removeSelected()
{
    if (const qint64 id = selectedModel())
        m_library.remove(id);
}

void ModelsPage::deleteSelected()
{
    const auto model = m_library.model(selectedModel());
    if (!model)
        return;
    const auto answer = QMessageBox::question(this, tr("Delete Model File"),
        tr("Delete %1 (%2) from disk? This cannot be undone.\n\n%3")
            .arg(model->name, QLocale().formattedDataSize(static_cast<qint64>(model->sizeBytes)), model->path),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    QString error;
    if (!m_library.deleteFile(model->id, &error))
        QMessageBox::warning(this, tr("Delete Model File"), error);
}

void ModelsPage::showSelectedInFolder()
{
    if (const auto model = m_library.model(selectedModel()))
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(model->path).absolutePath()));
}

void ModelsPage::dragEnterEvent(QDragEnterEvent* event)
{
    if (!modelFilesIn(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void ModelsPage::dropEvent(QDropEvent* event)
{
    if (addDroppedFiles(event->mimeData()))
        event->acceptProposedAction();
}

bool ModelsPage::addDroppedFiles(const QMimeData* mime)
{
    const QStringList files = modelFilesIn(mime);
    if (!files.isEmpty())
        m_library.addFiles(files);
    return !files.isEmpty();
}

void ModelsPage::updateEmptyState()
{
    m_stack->setCurrentIndex(m_model->rowCount() > 0 ? 1 : 0);
    m_details->setVisible(m_model->rowCount() > 0);
    if (m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
        m_table->setCurrentIndex(m_proxy->index(0, 0));
}

void ModelsPage::showDetails()
{
    const auto model = m_library.model(selectedModel());
    if (!model) {
        m_details->clear();
        return;
    }
    renderDetails(*model, nullptr, -1);
    if (model->state == app::LibraryModel::FileState::Missing)
        return;
    // Reading the header maps the file and walks its metadata: not on this thread.
    const quint64 request = ++m_detailsRequest;
    auto* watcher = new QFutureWatcher<app::ModelDetails>(this);
    connect(watcher, &QFutureWatcher<app::ModelDetails>::finished, this, [this, watcher, request, id = model->id] {
        watcher->deleteLater();
        if (request != m_detailsRequest)
            return;
        const auto details = watcher->result();
        if (const auto current = m_library.model(id))
            renderDetails(*current, &details, -1);
    });
    watcher->setFuture(QtConcurrent::run(app::readModelDetails, model->path));
}

void ModelsPage::renderDetails(const app::LibraryModel& model, const app::ModelDetails* details, double hashFraction)
{
    const QLocale locale;
    QString html = QStringLiteral("<h3>%1</h3><table cellspacing=\"4\">").arg(model.name.toHtmlEscaped());
    const auto row = [&html](const QString& label, const QString& value) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value);
    };
    row(tr("File"), model.path.toHtmlEscaped());
    row(tr("Family"), model.architecture.toHtmlEscaped());
    row(tr("Parameters"), app::parameterCountText(model.parameters));
    row(tr("Quantization"), model.quantization.toHtmlEscaped());
    row(tr("Size"), locale.formattedDataSize(static_cast<qint64>(model.sizeBytes)));
    row(tr("Trained context"), locale.toString(model.contextLength));
    QString sha = model.sha256;
    if (sha.isEmpty())
        sha = hashFraction >= 0 ? tr("computing… %1%").arg(qRound(hashFraction * 100)) : tr("not computed yet");
    row(tr("SHA-256"), QStringLiteral("<code>%1</code>").arg(sha));
    if (details && details->plan) {
        const auto fit = app::fitOnThisMachine(*details->plan, kFitContext, m_gpus.gpus(), app::systemMemoryBytes());
        row(tr("On this machine (%1-token context)").arg(kFitContext), fit.summary().toHtmlEscaped());
        PlanOptions options;
        options.context = kFitContext;
        if (const auto plan = plan_memory(*details->plan, options)) {
            const auto gib = [&locale](std::uint64_t bytes) {
                return locale.toString(static_cast<double>(bytes) / (1ull << 30), 'f', 2);
            };
            row(tr("Memory at %1 tokens").arg(kFitContext),
                tr("weights %1 GiB + KV cache %2 GiB + buffers %3 GiB + runtime %4 GiB = %5 GiB")
                    .arg(gib(plan->weights_bytes), gib(plan->kv_cache_bytes), gib(plan->compute_bytes),
                        gib(plan->overhead_bytes), gib(plan->total_bytes)));
        }
    }
    html += QStringLiteral("</table>");
    if (details && !details->error.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(tr("Cannot read the file: %1").arg(details->error).toHtmlEscaped());
    if (details && !details->chatTemplate.isEmpty())
        html += QStringLiteral("<h4>%1</h4><pre>%2</pre>")
                    .arg(tr("Chat template"), details->chatTemplate.toHtmlEscaped());
    if (details && !details->metadata.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><table cellspacing=\"2\">").arg(tr("Metadata"));
        for (const auto& [key, value] : details->metadata)
            html += QStringLiteral("<tr><td><code>%1</code></td><td>%2</td></tr>")
                        .arg(key.toHtmlEscaped(), value.toHtmlEscaped());
        html += QStringLiteral("</table>");
    } else if (!details && model.state != app::LibraryModel::FileState::Missing) {
        html += QStringLiteral("<p><i>%1</i></p>").arg(tr("Reading the file's metadata…"));
    }
    const int scroll = m_details->verticalScrollBar()->value();
    m_details->setHtml(html);
    m_details->verticalScrollBar()->setValue(scroll);
}

} // namespace hearth::ui
