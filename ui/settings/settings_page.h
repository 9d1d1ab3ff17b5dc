#pragma once

#include <QWidget>

class QComboBox;

namespace hearth::app {
class Settings;
}

namespace hearth::ui {

// Preferences: for now the language of the interface.
class SettingsPage : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPage(app::Settings& settings, QWidget* parent = nullptr);

private:
    app::Settings& m_settings;
    QComboBox* m_language = nullptr;
};

} // namespace hearth::ui
