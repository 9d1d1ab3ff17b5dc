#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QRadioButton;

namespace hearth::app {
class ModelImport;
class ModelLibrary;
} // namespace hearth::app

namespace hearth::ui {

// Import without a network: GGUF files or folders from a disk or a share,
// checked against an optional sha256sum list, copied or linked into the
// models folder, and added to the library. Progress and each file's outcome
// are shown; closing cancels.
class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(app::ModelLibrary& library, const QString& modelsFolder, QWidget* parent = nullptr);

    void addSources(const QStringList& paths);

private:
    void start();
    void finish();

    app::ModelLibrary& m_library;
    QString m_folder;
    app::ModelImport* m_import;
    QListWidget* m_sources;
    QLineEdit* m_checksums;
    QRadioButton* m_link;
    QProgressBar* m_progress;
    QPlainTextEdit* m_outcome;
    QDialogButtonBox* m_buttons;
};

} // namespace hearth::ui
