#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace hearth::app {
struct Services;
class Settings;
struct ServerConfig;
} // namespace hearth::app

namespace hearth::ui {

class LoadTestPanel;
class SnippetsPanel;

// The Server area: one switch shares the loaded model as an
// OpenAI-compatible API, on this machine or the local network; keys, the
// live request log with its chart, code for teammates and the load test.
class ServerPage : public QWidget {
    Q_OBJECT
public:
    ServerPage(app::Services& services, app::Settings& settings, QWidget* parent = nullptr);

    void setServing(bool serving);
    // http://ADDRESS:PORT/v1 as teammates reach it; empty while stopped.
    QString teammateUrl() const;

private:
    QWidget* buildOptions();
    QWidget* buildRequestLog();
    app::ServerConfig config() const;
    void saveOptions();
    void showState();

    app::Services& m_services;
    app::Settings& m_settings;
    QPushButton* m_toggle;
    QLabel* m_status;
    QSpinBox* m_port;
    QCheckBox* m_shareOnLan;
    QComboBox* m_address;
    QLineEdit* m_cors;
    QCheckBox* m_redact;
    QPlainTextEdit* m_patterns;
    QCheckBox* m_recordText;
    QTabWidget* m_tabs;
    SnippetsPanel* m_snippets;
    LoadTestPanel* m_loadTest;
};

} // namespace hearth::ui
