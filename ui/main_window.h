#pragma once

#include <QMainWindow>

#include "app/plan/machine_gpus.h"

class QLabel;
class QListWidget;
class QStackedWidget;

namespace hearth::app {
class Settings;
struct Services;
} // namespace hearth::app

namespace hearth::ui {

class ChatPage;
class DiscoverPage;
class ModelsPage;
class PlannerPage;

// The window: a navigation list of Hearth's areas on the left, the chosen
// area on the right. Only areas that exist are listed: Chat needs the chat
// services (the history database could not be opened without them).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Without `services` (the database could not be opened) there is no Chat or Models area.
    explicit MainWindow(app::Settings& settings, app::Services* services = nullptr, QWidget* parent = nullptr);

    ChatPage* chatPage() const { return m_chat; }
    ModelsPage* modelsPage() const { return m_models; }
    DiscoverPage* discoverPage() const { return m_discover; }
    PlannerPage* plannerPage() const { return m_planner; }
    void showArea(int index);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildAreas();
    void buildMenus();
    // The language changed: the areas and menus are rebuilt in it.
    void retranslate();
    void followSettings(app::Settings& settings, app::Services& services);
    void addArea(QWidget* page, const QString& title, const QString& iconName);
    void showAbout();

    app::Settings& m_settings;
    app::Services* m_services = nullptr;
    app::MachineGpus m_gpus; // asked once, off this thread; every page reads it
    QListWidget* m_navigation = nullptr;
    QStackedWidget* m_areas = nullptr;
    ChatPage* m_chat = nullptr;
    ModelsPage* m_models = nullptr;
    DiscoverPage* m_discover = nullptr;
    PlannerPage* m_planner = nullptr;
    QLabel* m_modelStatus = nullptr;
    bool m_toldSaveFailed = false; // the box about an unsaved history, once a session
};

} // namespace hearth::ui
