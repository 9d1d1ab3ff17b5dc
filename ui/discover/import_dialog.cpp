#include "ui/discover/import_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "app/library/model_import.h"
#include "app/library/model_library.h"

namespace hearth::ui {

ImportDialog::ImportDialog(app::ModelLibrary& library, const QString& modelsFolder, QWidget* parent)
    : QDialog(parent)
    , m_library(library)
    , m_folder(modelsFolder)
    , m_import(new app::ModelImport(this))
    , m_sources(new QListWidget)
    , m_checksums(new QLineEdit)
    , m_link(new QRadioButton(tr("&Link them where they are")))
    , m_progress(new QProgressBar)
    , m_outcome(new QPlainTextEdit)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close))
{
    setWindowTitle(tr("Import Models"));
    m_sources->setObjectName(QStringLiteral("sources"));
    auto* addFiles = new QPushButton(tr("Add &Files…"));
    auto* addFolder = new QPushButton(tr("Add F&older…"));
    auto* remove = new QPushButton(tr("&Remove"));
    auto* sourceButtons = new QVBoxLayout;
    sourceButtons->addWidget(addFiles);
    sourceButtons->addWidget(addFolder);
    sourceButtons->addWidget(remove);
    sourceButtons->addStretch();
    auto* sources = new QHBoxLayout;
    sources->addWidget(m_sources, 1);
    sources->addLayout(sourceButtons);

    m_checksums->setObjectName(QStringLiteral("checksums"));
    m_checksums->setPlaceholderText(tr("Optional: a SHA256SUMS file that came with the models"));
    auto* browse = new QPushButton(tr("&Browse…"));
    auto* checksums = new QHBoxLayout;
    checksums->addWidget(m_checksums, 1);
    checksums->addWidget(browse);
    auto* copy = new QRadioButton(tr("&Copy them into the models folder"));
    copy->setChecked(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Checksum list:"), checksums);
    form->addRow(tr("Into:"), new QLabel(m_folder));
    form->addRow(QString(), copy);
    form->addRow(QString(), m_link);

    m_progress->setVisible(false);
    m_outcome->setReadOnly(true);
    m_outcome->setVisible(false);
    auto* importButton = m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    importButton->setObjectName(QStringLiteral("import"));
    importButton->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("GGUF files, or folders of them — from a USB disk or a share. A split model's "
                                    "first part brings the others.")));
    layout->addLayout(sources);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_outcome);
    layout->addWidget(m_buttons);

    connect(addFiles, &QPushButton::clicked, this, [this] {
        addSources(
            QFileDialog::getOpenFileNames(this, tr("Import Model Files"), QString(), tr("GGUF models (*.gguf)")));
    });
    connect(addFolder, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Import a Folder of Models"));
        if (!folder.isEmpty())
            addSources({ folder });
    });
    connect(remove, &QPushButton::clicked, this, [this] { qDeleteAll(m_sources->selectedItems()); });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString list = QFileDialog::getOpenFileName(this, tr("Checksum List"));
        if (!list.isEmpty())
            m_checksums->setText(list);
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ImportDialog::start);
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        m_import->cancel(); // what was not copied yet is not; nothing half-copied stays
        reject();
    });
    connect(m_import, &app::ModelImport::progress, this, [this](qint64 done, qint64 total, const QString& file) {
        m_progress->setFormat(tr("%p % — %1").arg(file));
        m_progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
    });
    connect(m_import, &app::ModelImport::finished, this, [this](const QList<app::ModelImport::Outcome>& outcomes) {
        QStringList lines;
        for (const auto& outcome : outcomes)
            lines << (outcome.error.isEmpty() ? tr("✓ %1").arg(outcome.destination) : tr("✗ %1").arg(outcome.error));
        if (outcomes.isEmpty())
            lines << tr("No GGUF files were found.");
        m_outcome->setPlainText(lines.join(QLatin1Char('\n')));
        m_outcome->setVisible(true);
        const QStringList paths = app::ModelImport::libraryPaths(outcomes);
        if (!paths.isEmpty())
            m_library.addFiles(paths);
        finish();
    });
}

void ImportDialog::addSources(const QStringList& paths)
{
    for (const QString& path : paths)
        if (m_sources->findItems(path, Qt::MatchExactly).isEmpty())
            m_sources->addItem(path);
}

void ImportDialog::start()
{
    app::ModelImport::Options options;
    for (int row = 0; row < m_sources->count(); ++row)
        options.sources << m_sources->item(row)->text();
    if (options.sources.isEmpty()) {
        m_outcome->setPlainText(tr("Add files or folders to import first."));
        m_outcome->setVisible(true);
        return;
    }
    options.checksums = m_checksums->text().trimmed();
    options.mode = m_link->isChecked() ? app::ModelImport::Mode::Link : app::ModelImport::Mode::Copy;
    options.folder = m_folder;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setVisible(true);
    for (QAbstractButton* button : m_buttons->buttons())
        if (m_buttons->buttonRole(button) == QDialogButtonBox::AcceptRole)
            button->setEnabled(false);
    m_import->start(options);
}

void ImportDialog::finish()
{
    m_progress->setValue(1000);
    for (QAbstractButton* button : m_buttons->buttons())
        button->setEnabled(true);
}

} // namespace hearth::ui
