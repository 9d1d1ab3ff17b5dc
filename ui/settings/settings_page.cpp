#include "ui/settings/settings_page.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>

#include "app/plan/machine_gpus.h"
#include "app/settings/language.h"
#include "app/settings/settings.h"
#include "ui/settings/hub_settings_box.h"
#include "ui/theme.h"

namespace hearth::ui {

SettingsPage::SettingsPage(app::Settings& settings, const app::MachineGpus& gpus, const QString& databasePath,
    app::SecretStore* secrets, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_gpus(gpus)
{
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->addWidget(buildInterface());
    layout->addWidget(buildChatDefaults());
    layout->addWidget(buildEngine());
    layout->addWidget(buildStorage(databasePath));
    layout->addWidget(new HubSettingsBox(settings, secrets));
    layout->addStretch();
    // Taller than a small screen: it scrolls.
    auto* scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
}

QWidget* SettingsPage::buildInterface()
{
    m_language = new QComboBox;
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System default (%1)").arg(QLocale::system().nativeLanguageName()), QString());
    for (const auto& language : app::availableLanguages())
        m_language->addItem(language.nativeName, language.code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_settings.language())));

    connect(m_language, &QComboBox::currentIndexChanged, this,
        [this] { m_settings.setLanguage(m_language->currentData().toString()); });

    auto* theme = new QComboBox;
    theme->setObjectName(QStringLiteral("theme"));
    theme->addItem(tr("Follow the system"), static_cast<int>(app::Settings::Theme::System));
    theme->addItem(tr("Light"), static_cast<int>(app::Settings::Theme::Light));
    theme->addItem(tr("Dark"), static_cast<int>(app::Settings::Theme::Dark));
    theme->setCurrentIndex(std::max(0, theme->findData(static_cast<int>(m_settings.theme()))));
    connect(theme, &QComboBox::currentIndexChanged, this, [this, theme] {
        const auto chosen = static_cast<app::Settings::Theme>(theme->currentData().toInt());
        m_settings.setTheme(chosen);
        applyTheme(chosen);
    });

    auto* form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    form->addRow(tr("&Theme:"), theme);
    auto* box = new QGroupBox(tr("Interface"));
    box->setLayout(form);
    return box;
}

QWidget* SettingsPage::buildChatDefaults()
{
    const app::ChatSampling sampling = m_settings.defaultSampling();
    m_temperature = new QDoubleSpinBox;
    m_temperature->setObjectName(QStringLiteral("defaultTemperature"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.05);
    m_temperature->setValue(sampling.temperature);
    m_topP = new QDoubleSpinBox;
    m_topP->setObjectName(QStringLiteral("defaultTopP"));
    m_topP->setRange(0.0, 1.0);
    m_topP->setSingleStep(0.01);
    m_topP->setValue(sampling.topP);
    m_maxTokens = new QSpinBox;
    m_maxTokens->setObjectName(QStringLiteral("defaultMaxTokens"));
    m_maxTokens->setRange(1, 131072);
    m_maxTokens->setValue(sampling.maxTokens);
    for (auto* box : { m_temperature, m_topP })
        connect(box, &QDoubleSpinBox::valueChanged, this, &SettingsPage::saveSampling);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, &SettingsPage::saveSampling);

    auto* form = new QFormLayout;
    form->addRow(tr("Temperature:"), m_temperature);
    form->addRow(tr("Top-p:"), m_topP);
    form->addRow(tr("Maximum answer length (tokens):"), m_maxTokens);
    form->addRow(new QLabel(tr("A chat's own settings (Chat settings) override these.")));
    auto* box = new QGroupBox(tr("New chats"));
    box->setLayout(form);
    return box;
}

void SettingsPage::saveSampling()
{
    app::ChatSampling sampling = m_settings.defaultSampling();
    sampling.temperature = m_temperature->value();
    sampling.topP = m_topP->value();
    sampling.maxTokens = m_maxTokens->value();
    m_settings.setDefaultSampling(sampling);
}

QWidget* SettingsPage::buildEngine()
{
    auto* threads = new QSpinBox;
    threads->setObjectName(QStringLiteral("engineThreads"));
    threads->setRange(0, 1024);
    threads->setSpecialValueText(tr("Automatic (%n cores)", nullptr, QThread::idealThreadCount()));
    threads->setValue(static_cast<int>(m_settings.engineThreads()));
    connect(threads, &QSpinBox::valueChanged, this,
        [this](int value) { m_settings.setEngineThreads(static_cast<unsigned>(value)); });
    auto* context = new QSpinBox;
    context->setObjectName(QStringLiteral("contextLength"));
    context->setRange(0, 1 << 20);
    context->setSingleStep(1024);
    context->setSpecialValueText(tr("The model's own (at most 8192)"));
    context->setValue(static_cast<int>(m_settings.contextLength()));
    connect(context, &QSpinBox::valueChanged, this,
        [this](int value) { m_settings.setContextLength(static_cast<quint32>(value)); });

    auto* form = new QFormLayout;
    form->addRow(tr("Compute device:"), buildDeviceChoice());
    form->addRow(m_deviceNote);
    form->addRow(tr("CPU threads:"), threads);
    form->addRow(tr("Context length (tokens):"), context);
    form->addRow(new QLabel(tr("Used the next time a model is loaded.")));
    auto* box = new QGroupBox(tr("Engine"));
    box->setLayout(form);
    return box;
}

QWidget* SettingsPage::buildDeviceChoice()
{
    m_device = new QComboBox;
    m_device->setObjectName(QStringLiteral("engineDevice"));
    m_deviceNote = new QLabel;
    m_deviceNote->setWordWrap(true);
    m_deviceNote->hide();
    connect(m_device, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            m_settings.setEngineDevice(m_device->itemData(index).value<app::EngineDevice>());
    });
    fillDevices();
    if (!m_gpus.isKnown())
        connect(&m_gpus, &app::MachineGpus::known, this, &SettingsPage::fillDevices);
    return m_device;
}

void SettingsPage::fillDevices()
{
    using Kind = app::EngineDevice::Kind;
    const QSignalBlocker quiet(m_device); // filling is not choosing
    m_device->clear();
    m_device->addItem(tr("Automatic (the GPU when there is one)"), QVariant::fromValue(app::EngineDevice {}));
    m_device->addItem(tr("CPU"), QVariant::fromValue(app::EngineDevice { Kind::Cpu, 0 }));
    for (const GpuDevice& gpu : m_gpus.devices())
        m_device->addItem(tr("GPU %1: %2 (%3, %4 free)")
                              .arg(gpu.index)
                              .arg(QString::fromStdString(gpu.name),
                                  QLocale().formattedDataSize(static_cast<qint64>(gpu.total_bytes)),
                                  QLocale().formattedDataSize(static_cast<qint64>(gpu.free_bytes))),
            QVariant::fromValue(app::EngineDevice { Kind::Gpu, gpu.index }));
    const app::EngineDevice chosen = m_settings.engineDevice();
    int current = -1;
    for (int i = 0; i < m_device->count(); ++i)
        if (m_device->itemData(i).value<app::EngineDevice>() == chosen)
            current = i;
    if (current < 0) { // a GPU not listed (yet, or no longer)
        m_device->addItem(
            m_gpus.isKnown() ? tr("GPU %1 (not found)").arg(chosen.gpu) : tr("GPU %1 (checking…)").arg(chosen.gpu),
            QVariant::fromValue(chosen));
        current = m_device->count() - 1;
    }
    m_device->setCurrentIndex(current);
    QString note;
    if (m_gpus.isKnown() && !m_gpus.cudaBuilt())
        note = tr("This build of Hearth runs models on the CPU only.");
    else if (m_gpus.isKnown() && m_gpus.devices().empty())
        note = tr("No GPU was found (or no NVIDIA driver): models run on the CPU.");
    m_deviceNote->setText(note);
    m_deviceNote->setVisible(!note.isEmpty());
}

QWidget* SettingsPage::buildStorage(const QString& databasePath)
{
    m_modelsFolder = new QLineEdit(m_settings.modelsFolder());
    m_modelsFolder->setObjectName(QStringLiteral("modelsFolder"));
    connect(m_modelsFolder, &QLineEdit::editingFinished, this,
        [this] { m_settings.setModelsFolder(m_modelsFolder->text().trimmed()); });
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Models Folder"), m_modelsFolder->text());
        if (folder.isEmpty())
            return;
        m_modelsFolder->setText(folder);
        m_settings.setModelsFolder(folder);
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_modelsFolder, 1);
    folderRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->addRow(tr("Models folder:"), folderRow);
    if (!databasePath.isEmpty()) {
        auto* location = new QLabel(QStringLiteral("<a href=\"%1\">%2</a>")
                                        .arg(QUrl::fromLocalFile(QFileInfo(databasePath).absolutePath()).toString(),
                                            databasePath.toHtmlEscaped()));
        location->setObjectName(QStringLiteral("databasePath"));
        location->setTextInteractionFlags(Qt::TextBrowserInteraction);
        location->setOpenExternalLinks(true);
        location->setWordWrap(true);
        form->addRow(tr("Chat history and library:"), location);
    }
    auto* box = new QGroupBox(tr("Storage"));
    box->setLayout(form);
    return box;
}

} // namespace hearth::ui
