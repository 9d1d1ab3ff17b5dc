#include "main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

#include "chat/chat_page.h"
#include "models/models_page.h"
#include "planner/planner_page.h"
#include "services.h"
#include "settings/settings_page.h"

namespace hearth::ui {

MainWindow::MainWindow(app::Settings& settings, app::Services* chat, QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Hearth"));
    m_navigation = new QListWidget;
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setIconSize(QSize(24, 24));
    m_navigation->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    m_navigation->setFixedWidth(m_navigation->fontMetrics().horizontalAdvance(QStringLiteral("M")) * 10);
    m_areas = new QStackedWidget;

    if (chat) {
        m_chat = new ChatPage(chat->store, chat->session, chat->model, &chat->library);
        addArea(m_chat, tr("Chat"), QStringLiteral("internet-chat"));
        m_models = new ModelsPage(chat->library);
        addArea(m_models, tr("Models"), QStringLiteral("drive-harddisk"));
        connect(m_models, &ModelsPage::loadRequested, this, [this](const QString& path) {
            m_chat->loadModel(path);
            showArea(0);
        });
    }
    m_planner = new PlannerPage;
    addArea(m_planner, tr("Planner"), QStringLiteral("office-chart-bar"));
    addArea(new SettingsPage(settings), tr("Settings"), QStringLiteral("preferences-system"));

    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->addWidget(m_navigation);
    layout->addWidget(m_areas, 1);
    setCentralWidget(central);
    connect(m_navigation, &QListWidget::currentRowChanged, m_areas, &QStackedWidget::setCurrentIndex);
    m_navigation->setCurrentRow(0);

    buildMenus();
    m_modelStatus = new QLabel;
    statusBar()->addPermanentWidget(m_modelStatus);
    if (m_chat) {
        connect(m_chat, &ChatPage::statusChanged, m_modelStatus, &QLabel::setText);
        m_modelStatus->setText(tr("No model loaded"));
    }
    statusBar()->showMessage(tr("Ready"), 3000);

    QSettings state;
    if (!restoreGeometry(state.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 820);
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
    event->accept();
}

} // namespace hearth::ui
