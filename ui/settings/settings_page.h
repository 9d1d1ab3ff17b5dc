#pragma once

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace hearth::app {
class MachineGpus;
class SecretStore;
class Settings;
} // namespace hearth::app

namespace hearth::ui {

// Preferences, each saved as soon as it changes: language and theme, what a
// new chat starts with, the engine's threads and context, where models go
// and where they come from.
class SettingsPage : public QWidget {
    Q_OBJECT
public:
    // `gpus` lists the devices to choose from (once known). `databasePath`
    // is shown so users know where their history lives. `secrets` keeps the
    // hub's token and the proxy's password; without it they cannot be set.
    SettingsPage(app::Settings& settings, const app::MachineGpus& gpus, const QString& databasePath = {},
        app::SecretStore* secrets = nullptr, QWidget* parent = nullptr);

private:
    QWidget* buildInterface();
    QWidget* buildChatDefaults();
    QWidget* buildEngine();
    QWidget* buildDeviceChoice();
    // The device choice's entries: automatic, the CPU, and this machine's GPUs once known.
    void fillDevices();
    QWidget* buildStorage(const QString& databasePath);
    void saveSampling();

    app::Settings& m_settings;
    const app::MachineGpus& m_gpus;
    QComboBox* m_device = nullptr;
    QLabel* m_deviceNote = nullptr;
    QComboBox* m_language = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QLineEdit* m_modelsFolder = nullptr;
};

} // namespace hearth::ui
