#pragma once

#include <QWidget>

#include "app/hub/hub_files.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;

namespace hearth::app {
class HubModelList;
class MachineGpus;
class Settings;
struct Services;
} // namespace hearth::app

namespace hearth::ui {

class DownloadsPanel;
class RepositoryPanel;

// Discover: the curated catalog first, a search of the hub (or a mirror)
// with filters and sort, the chosen repository's files with the planner's
// verdict and a Download button per quantization, and the download queue
// below. Finished downloads enter the library at once.
class DiscoverPage : public QWidget {
    Q_OBJECT
public:
    DiscoverPage(
        app::Services& services, app::Settings& settings, const app::MachineGpus& gpus, QWidget* parent = nullptr);

    // File → Import Models…
    void openImport(const QStringList& sources = {});

signals:
    // Open this model for a chat.
    void loadRequested(const QString& path);

private:
    void search();
    void showCatalog();
    void open(const QModelIndex& index);
    void download(const QString& repository, const app::QuantizationGroup& group);
    void downloadCheckpoint(const QString& repository, const QList<app::HubFile>& files);
    QString language() const;

    app::Services& m_services;
    app::Settings& m_settings;
    app::HubModelList* m_list;
    QLineEdit* m_query;
    QCheckBox* m_ggufOnly;
    QComboBox* m_library;
    QComboBox* m_task;
    QComboBox* m_sort;
    QComboBox* m_use;
    QLabel* m_status;
    QListView* m_results;
    RepositoryPanel* m_repository;
    DownloadsPanel* m_downloads;
};

} // namespace hearth::ui
