#pragma once

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;

namespace hearth::app {
class SecretStore;
class Settings;
} // namespace hearth::app

namespace hearth::ui {

// Where models come from: the hub or a mirror, the access token for gated
// models (kept in the keyring, never in the settings file), the proxy, and
// how many downloads run at once. Each is saved as it changes.
class HubSettingsBox : public QGroupBox {
    Q_OBJECT
public:
    HubSettingsBox(app::Settings& settings, app::SecretStore* secrets, QWidget* parent = nullptr);

private:
    void saveProxy();
    void saveSecret(const QString& key, const QString& secret);

    app::Settings& m_settings;
    app::SecretStore* m_secrets;
    QComboBox* m_proxyMode;
    QLineEdit* m_proxyUrl;
    QLineEdit* m_proxyPassword;
    QLabel* m_note;
};

} // namespace hearth::ui
