#pragma once

#include <QMainWindow>

class QListWidget;
class QStackedWidget;

namespace hearth::app {
class Settings;
}

namespace hearth::ui {

class PlannerPage;

// The window: a navigation list of Hearth's areas on the left, the chosen
// area on the right. Only areas that exist are listed.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(app::Settings& settings, QWidget* parent = nullptr);

    PlannerPage* plannerPage() const { return m_planner; }
    void showArea(int index);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void addArea(QWidget* page, const QString& title, const QString& iconName);
    void showAbout();

    QListWidget* m_navigation = nullptr;
    QStackedWidget* m_areas = nullptr;
    PlannerPage* m_planner = nullptr;
};

} // namespace hearth::ui
