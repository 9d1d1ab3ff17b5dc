#include "ui/discover/discover_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "app/hub/hub_model_list.h"
#include "app/hub/model_download.h"
#include "app/plan/catalog.h"
#include "app/services.h"
#include "app/settings/settings.h"
#include "ui/discover/downloads_panel.h"
#include "ui/discover/import_dialog.h"
#include "ui/discover/repository_panel.h"

namespace hearth::ui {

DiscoverPage::DiscoverPage(
    app::Services& services, app::Settings& settings, const app::MachineGpus& gpus, QWidget* parent)
    : QWidget(parent)
    , m_services(services)
    , m_settings(settings)
    , m_list(new app::HubModelList(this))
    , m_query(new QLineEdit)
    , m_ggufOnly(new QCheckBox(tr("&GGUF files only")))
    , m_library(new QComboBox)
    , m_task(new QComboBox)
    , m_sort(new QComboBox)
    , m_use(new QComboBox)
    , m_status(new QLabel)
    , m_results(new QListView)
    , m_repository(new RepositoryPanel(services.hub, gpus))
    , m_downloads(new DownloadsPanel(services.downloads))
{
    m_query->setObjectName(QStringLiteral("query"));
    m_query->setPlaceholderText(tr("Search the hub: Qwen2.5 7B, Llama 3.1, coder…"));
    m_query->setClearButtonEnabled(true);
    m_ggufOnly->setChecked(true);
    m_ggufOnly->setToolTip(tr("Hearth runs GGUF files; other repositories need converting first"));
    m_library->addItem(tr("Any library"), QString());
    m_library->addItem(QStringLiteral("Transformers"), QStringLiteral("transformers"));
    m_library->addItem(QStringLiteral("llama.cpp"), QStringLiteral("llama.cpp"));
    m_library->setToolTip(tr("The library the repository is made for, as the hub lists it"));
    m_task->addItem(tr("Text generation"), QStringLiteral("text-generation"));
    m_task->addItem(tr("Any task"), QString());
    m_sort->addItem(tr("Most downloaded"), QStringLiteral("downloads"));
    m_sort->addItem(tr("Most liked"), QStringLiteral("likes"));
    m_sort->addItem(tr("Recently updated"), QStringLiteral("lastModified"));
    m_use->addItem(tr("Any use"), QString());
    for (const char* use : { "general", "chinese", "code", "reasoning", "small" })
        m_use->addItem(app::HubModelList::useName(QString::fromLatin1(use)), QString::fromLatin1(use));
    m_use->setToolTip(tr("Which recommended models to list"));
    auto* searchButton = new QPushButton(tr("&Search"));
    auto* recommended = new QPushButton(tr("&Recommended"));
    recommended->setToolTip(tr("The models Hearth recommends, chosen for private deployments"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_query, 1);
    bar->addWidget(m_ggufOnly);
    bar->addWidget(m_library);
    bar->addWidget(m_task);
    bar->addWidget(m_sort);
    bar->addWidget(searchButton);
    bar->addSpacing(12);
    bar->addWidget(recommended);
    bar->addWidget(m_use);

    m_results->setObjectName(QStringLiteral("results"));
    m_results->setModel(m_list);
    m_results->setWordWrap(true);
    m_results->setSpacing(2);
    m_results->setAlternatingRowColors(true);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_status);
    leftLayout->addWidget(m_results, 1);
    m_status->setWordWrap(true);

    auto* browse = new QSplitter(Qt::Horizontal);
    browse->addWidget(left);
    browse->addWidget(m_repository);
    browse->setStretchFactor(1, 2);
    auto* page = new QSplitter(Qt::Vertical);
    page->addWidget(browse);
    page->addWidget(m_downloads);
    page->setStretchFactor(0, 3);
    page->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(page, 1);

    connect(m_query, &QLineEdit::returnPressed, this, &DiscoverPage::search);
    connect(searchButton, &QPushButton::clicked, this, &DiscoverPage::search);
    connect(recommended, &QPushButton::clicked, this, &DiscoverPage::showCatalog);
    connect(m_use, &QComboBox::currentIndexChanged, this, &DiscoverPage::showCatalog);
    connect(m_results->selectionModel(), &QItemSelectionModel::currentChanged, this, &DiscoverPage::open);
    connect(m_repository, &RepositoryPanel::downloadRequested, this, &DiscoverPage::download);
    connect(m_repository, &RepositoryPanel::checkpointRequested, this, &DiscoverPage::downloadCheckpoint);
    connect(&m_services.conversions, &app::CheckpointConversions::started, this, [this](const QString& folder) {
        m_status->setText(tr("Converting %1 to GGUF…").arg(QFileInfo(folder).fileName()));
    });
    connect(&m_services.conversions, &app::CheckpointConversions::converted, this,
        [this](const QString&, const QString& model) {
            m_status->setText(tr("%1 is converted and in the library; quantize it in Models for a smaller file.")
                                  .arg(QFileInfo(model).fileName()));
        });
    connect(&m_services.conversions, &app::CheckpointConversions::failed, this,
        [this](const QString& folder, const QString& error) {
            m_status->setText(tr("%1 could not be converted: %2").arg(QFileInfo(folder).fileName(), error));
        });
    connect(m_downloads, &DownloadsPanel::importRequested, this, [this] { openImport(); });
    connect(m_downloads, &DownloadsPanel::openRequested, this, &DiscoverPage::loadRequested);
    connect(&m_services.downloads, &app::DownloadQueue::modelReady, this, [this](const QString& path) {
        m_status->setText(tr("%1 is downloaded, verified and in the library: double-click it below to chat with it.")
                              .arg(QFileInfo(path).fileName()));
    });
    connect(&m_services.downloads, &app::DownloadQueue::jobFailed, this,
        [this](qint64, const QString& error) { m_status->setText(error); });
    showCatalog();
}

QString DiscoverPage::language() const
{
    return m_settings.language().isEmpty() ? QLocale::system().name() : m_settings.language();
}

void DiscoverPage::showCatalog()
{
    m_list->showCatalog(app::ModelCatalog::builtIn(), m_use->currentData().toString(), language());
    m_status->setText(tr("Recommended for private deployments:"));
}

void DiscoverPage::search()
{
    if (m_query->text().trimmed().isEmpty()) {
        showCatalog();
        return;
    }
    app::HubQuery query;
    query.text = m_query->text();
    query.ggufOnly = m_ggufOnly->isChecked();
    query.pipelineTag = m_task->currentData().toString();
    query.library = m_library->currentData().toString();
    query.sort = m_sort->currentData().toString();
    m_status->setText(tr("Searching %1…").arg(m_services.hub.endpoint().host()));
    QPointer<DiscoverPage> self(this);
    m_services.hub.search(query, [self](const QList<app::HubModelSummary>& models, const QString& error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            self->m_status->setText(error);
            return;
        }
        self->m_list->showSearch(models);
        self->m_status->setText(models.isEmpty() ? tr("Nothing found: try other words, or fewer filters.")
                                                 : tr("Models found: %n", nullptr, int(models.size())));
    });
}

void DiscoverPage::open(const QModelIndex& index)
{
    const app::HubModelList::Entry entry = m_list->entryAt(index.row());
    if (entry.repository.isEmpty())
        return;
    std::optional<ModelShape> shape;
    if (const app::CatalogModel* model = app::ModelCatalog::builtIn().find(entry.catalogId))
        shape = model->shape.layers ? std::optional<ModelShape>(model->shape) : std::nullopt;
    m_repository->show(entry.repository, entry.title, shape);
}

void DiscoverPage::download(const QString& repository, const app::QuantizationGroup& group)
{
    const QString folder = m_settings.modelsFolder();
    const QList<app::DownloadJob> jobs = app::downloadJobsFor(m_services.hub, repository, group, folder);
    if (const QString problem = app::downloadProblem(jobs, folder); !problem.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot Download"), problem);
        return;
    }
    m_services.downloads.enqueue(jobs);
    m_status->setText(
        tr("%1 %2 is in the download queue; it enters the library once verified.").arg(repository, group.quantization));
}

void DiscoverPage::downloadCheckpoint(const QString& repository, const QList<app::HubFile>& files)
{
    const QString folder = m_settings.modelsFolder();
    const QList<app::DownloadJob> jobs = app::checkpointJobsFor(m_services.hub, repository, files, folder);
    qint64 total = 0;
    for (const app::HubFile& file : files)
        total += file.size;
    // The converted file needs about as much room again.
    if (const QString problem = app::downloadProblem(jobs, folder, total); !problem.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot Download"), problem);
        return;
    }
    m_services.downloads.enqueue(jobs);
    m_status->setText(
        tr("%1's checkpoint is in the download queue; it is converted to GGUF once every file is verified.")
            .arg(repository));
}

void DiscoverPage::openImport(const QStringList& sources)
{
    auto* dialog = new ImportDialog(m_services.library, m_settings.modelsFolder(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->addSources(sources);
    dialog->open();
}

} // namespace hearth::ui
