#pragma once

#include <QWidget>

#include <optional>

#include "app/hub/hub_files.h"
#include "app/hub/repository_details.h"
#include "engine/model/model_shape.h"

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;

namespace hearth::app {
class HubClient;
class MachineGpus;
} // namespace hearth::app

namespace hearth::ui {

// One repository: its GGUF files by quantization with the planner's verdict
// for this machine and a Download button each, its model card rendered from
// Markdown, and its config.json.
class RepositoryPanel : public QWidget {
    Q_OBJECT
public:
    // `gpus`: the verdicts are for them, once known.
    RepositoryPanel(app::HubClient& hub, const app::MachineGpus& gpus, QWidget* parent = nullptr);

    void show(const QString& repository, const QString& heading, const std::optional<ModelShape>& knownShape);
    app::RepositoryDetails& details() { return *m_details; }
    // The verdict column: the fit on this machine, once the file's weight
    // types are known to run; else why it will not, or that they are being read.
    static QString verdictOf(const app::RepositoryDetails::Quantization& quantization);

signals:
    void downloadRequested(const QString& repository, const hearth::app::QuantizationGroup& group);
    // Download the repository's safetensors checkpoint and convert it.
    void checkpointRequested(const QString& repository, const QList<hearth::app::HubFile>& files);

private:
    void showFiles();

    app::RepositoryDetails* m_details;
    QLabel* m_heading;
    QLabel* m_status;
    QTabWidget* m_tabs;
    QTreeWidget* m_files;
    QTextBrowser* m_card;
    QPlainTextEdit* m_config;
};

} // namespace hearth::ui
