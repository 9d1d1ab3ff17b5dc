#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QMimeData;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QTextBrowser;

namespace hearth::app {
class MachineGpus;
class LibraryTableModel;
class ModelLibrary;
struct LibraryModel;
struct ModelDetails;
} // namespace hearth::app

namespace hearth::ui {

// The Models area: the local library as a sortable, filterable table, and
// the selected model's details (metadata, chat template, sha256, whether it
// fits this machine). Add files, scan folders or drop GGUF files on it.
class ModelsPage : public QWidget {
    Q_OBJECT
public:
    // `gpus`: what fits is judged against them (once known).
    ModelsPage(app::ModelLibrary& library, const app::MachineGpus& gpus, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    qint64 selectedModel() const;
    void selectModel(qint64 id);
    // The .gguf files among dropped URLs; false when there were none.
    bool addDroppedFiles(const QMimeData* mime);

public slots:
    void addFiles();
    void scanFolder();
    void scan(const QString& folder);
    void loadSelected();
    void removeSelected();
    void deleteSelected();
    void showSelectedInFolder();
    // Opens the Quantize dialog for the selected model.
    void quantizeSelected();
    // Converts a Hugging Face checkpoint folder to `output`, with a progress
    // dialog; the file joins the library.
    void convertCheckpoint(const QString& folder, const QString& output);

signals:
    void loadRequested(const QString& path);
    void conversionFinished(const QString& path);
    void conversionFailed(const QString& error);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void showDetails();
    void renderDetails(const app::LibraryModel& model, const app::ModelDetails* details, double hashFraction);
    void updateEmptyState();

    app::ModelLibrary& m_library;
    const app::MachineGpus& m_gpus;
    app::LibraryTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QLineEdit* m_filter = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_details = nullptr;
    QLabel* m_status = nullptr;
    quint64 m_detailsRequest = 0;
    qint64 m_keptSelection = 0;
};

} // namespace hearth::ui
