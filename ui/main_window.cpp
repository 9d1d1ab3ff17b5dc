#include "ui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

#include "app/hub/hub_connection.h"
#include "app/inference/chat_load_options.h"
#include "app/services.h"
#include "app/settings/language.h"
#include "app/settings/settings.h"
#include "app/storage/database.h"
#include "ui/chat/chat_page.h"
#include "ui/discover/discover_page.h"
#include "ui/models/models_page.h"
#include "ui/planner/planner_page.h"
#include "ui/server/server_page.h"
#include "ui/settings/settings_page.h"

namespace hearth::ui {

MainWindow::MainWindow(app::Settings& settings, app::Services* services, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_services(services)
{
    m_navigation = new QListWidget;
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setIconSize(QSize(24, 24));
    m_navigation->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    m_navigation->setFixedWidth(m_navigation->fontMetrics().horizontalAdvance(QStringLiteral("M")) * 10);
    m_areas = new QStackedWidget;
    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->addWidget(m_navigation);
    layout->addWidget(m_areas, 1);
    setCentralWidget(central);
    connect(m_navigation, &QListWidget::currentRowChanged, m_areas, &QStackedWidget::setCurrentIndex);
    m_modelStatus = new QLabel;
    statusBar()->addPermanentWidget(m_modelStatus);

    buildAreas();
    buildMenus();
    if (m_services)
        followSettings(settings, *m_services);
    // After the settings page's own handler has returned: rebuilding deletes it.
    connect(&settings, &app::Settings::languageChanged, this, [this](const QString& language) {
        app::installTranslations(*QCoreApplication::instance(), language);
        QMetaObject::invokeMethod(this, &MainWindow::retranslate, Qt::QueuedConnection);
    });
    statusBar()->showMessage(tr("Ready"), 3000);

    QSettings state;
    if (!restoreGeometry(state.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 820);
    showArea(std::clamp(state.value(QStringLiteral("window/area"), 0).toInt(), 0, m_navigation->count() - 1));
}

void MainWindow::buildAreas()
{
    setWindowTitle(tr("Hearth"));
    if (m_services) {
        m_chat = new ChatPage(*m_services, m_gpus, &m_settings);
        addArea(m_chat, tr("Chat"), QStringLiteral("internet-chat"));
        m_models = new ModelsPage(m_services->library, m_gpus);
        addArea(m_models, tr("Models"), QStringLiteral("drive-harddisk"));
        connect(m_models, &ModelsPage::loadRequested, this, [this](const QString& path) {
            m_chat->loadModel(path);
            showArea(0);
        });
        connect(m_chat, &ChatPage::statusChanged, m_modelStatus, &QLabel::setText);
        m_modelStatus->setText(m_chat->statusText());
        m_chat->setLoadOptions(app::chatLoadOptions(m_settings));
        m_discover = new DiscoverPage(*m_services, m_settings, m_gpus);
        addArea(m_discover, tr("Discover"), QStringLiteral("edit-find"));
        connect(m_discover, &DiscoverPage::loadRequested, this, [this](const QString& path) {
            m_chat->loadModel(path);
            showArea(0);
        });
        addArea(new ServerPage(*m_services, m_settings), tr("Server"), QStringLiteral("network-server"));
    }
    m_planner = new PlannerPage(m_gpus);
    addArea(m_planner, tr("Planner"), QStringLiteral("office-chart-bar"));
    addArea(new SettingsPage(m_settings, m_gpus, m_services ? app::Database::defaultPath() : QString(),
                m_services ? &m_services->secrets : nullptr),
        tr("Settings"), QStringLiteral("preferences-system"));
}

void MainWindow::retranslate()
{
    // Every page is made anew in the new language; what they show lives in
    // the services and the settings, so nothing is lost.
    const int area = m_navigation->currentRow();
    const qint64 conversation = m_chat ? m_chat->currentConversation() : 0;
    m_navigation->clear();
    while (m_areas->count() > 0) {
        QWidget* page = m_areas->widget(0);
        m_areas->removeWidget(page);
        delete page;
    }
    m_chat = nullptr;
    m_models = nullptr;
    m_discover = nullptr;
    m_planner = nullptr;
    menuBar()->clear();
    buildAreas();
    buildMenus();
    showArea(area);
    if (m_chat && conversation)
        m_chat->openConversation(conversation);
}

void MainWindow::followSettings(app::Settings& settings, app::Services& services)
{
    // A change to the chat history that could not be saved (a full disk):
    // said once in a box, then in the status bar, so a long answer is not
    // interrupted by one box per message.
    connect(&services.store, &app::ConversationStore::saveFailed, this, [this](const QString& reason) {
        statusBar()->showMessage(reason, 15000);
        if (!m_toldSaveFailed) {
            m_toldSaveFailed = true;
            QMessageBox::warning(this, tr("Chat history not saved"), reason);
        }
    });
    const auto useSampling
        = [&settings, &services] { services.session.setDefaultSampling(settings.defaultSampling()); };
    const auto useEngine = [this, &settings] {
        if (m_chat)
            m_chat->setLoadOptions(app::chatLoadOptions(settings));
    };
    useSampling();
    useEngine();
    connect(&settings, &app::Settings::defaultSamplingChanged, this, useSampling);
    connect(&settings, &app::Settings::engineChanged, this, useEngine);
    // The downloads the last session left mid-file go on once the proxy and
    // the token are in effect.
    auto* hub
        = new app::HubConnection(settings, services.secrets, services.network, services.hub, services.downloads, this);
    connect(
        hub, &app::HubConnection::applied, this, [&services] { services.downloads.restore(); },
        Qt::SingleShotConnection);
    hub->apply();
    connect(&settings, &app::Settings::modelsFolderChanged, this, [&services](const QString& folder) {
        if (QFileInfo(folder).isDir())
            services.library.scanFolder(folder);
    });
}

void MainWindow::addArea(QWidget* page, const QString& title, const QString& iconName)
{
    auto* item = new QListWidgetItem(QIcon::fromTheme(iconName), title, m_navigation);
    item->setToolTip(tr("%1 (Ctrl+%2)").arg(title).arg(m_navigation->count()));
    m_areas->addWidget(page);
}

void MainWindow::showArea(int index)
{
    m_navigation->setCurrentRow(index);
}

void MainWindow::buildMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    if (m_chat) {
        auto* open = file->addAction(tr("&Open Model File…"), this, [this] {
            showArea(0);
            m_chat->chooseModelFile();
        });
        open->setShortcut(QKeySequence::Open);
        auto* newChat = file->addAction(tr("&New Chat"), this, [this] {
            showArea(0);
            m_chat->startNewChat();
        });
        newChat->setShortcut(QKeySequence::New);
        auto* import = file->addAction(tr("&Import Models…"), this, [this] {
            showArea(m_areas->indexOf(m_discover));
            m_discover->openImport();
        });
        import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    }
    auto* plan = file->addAction(tr("&Plan a Model File…"), m_planner, &PlannerPage::chooseModelFile);
    if (!m_chat)
        plan->setShortcut(QKeySequence::Open);
    auto* exportAction
        = file->addAction(tr("&Export Cluster Deployment…"), m_planner, &PlannerPage::exportClusterDeployment);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    auto* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_navigation->count(); ++i) {
        auto* action = view->addAction(m_navigation->item(i)->text(), this, [this, i] { showArea(i); });
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    // Settings is the last area; Ctrl+, is where desktop applications keep them.
    view->addSeparator();
    auto* preferences = view->addAction(tr("&Preferences"), this, [this] { showArea(m_navigation->count() - 1); });
    preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Hearth"), this, &MainWindow::showAbout);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Hearth"),
        tr("<h3>Hearth %1</h3><p>Host large language models privately on your own workstation: "
           "plan, download, quantize, chat, and share a local OpenAI-compatible API.</p>")
            .arg(QApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    QSettings().setValue(QStringLiteral("window/area"), m_navigation->currentRow());
    event->accept();
}

} // namespace hearth::ui
