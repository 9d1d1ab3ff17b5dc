#include "ui/chat/conversation_settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hearth::ui {

namespace {

struct Preset {
    double temperature;
    double topP;
};

// Index 0 of the preset list is "Custom".
constexpr Preset kPresets[] = {
    { 0.2, 0.9 }, // precise: code, facts, extraction
    { 0.7, 0.95 }, // balanced: most chats
    { 1.0, 0.98 }, // creative: stories, brainstorming
};

} // namespace

ConversationSettingsDialog::ConversationSettingsDialog(
    const QString& systemPrompt, const app::ChatSampling& sampling, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Chat Settings"));
    m_systemPrompt = new QPlainTextEdit(systemPrompt);
    m_systemPrompt->setObjectName(QStringLiteral("systemPrompt"));
    m_systemPrompt->setPlaceholderText(tr("For example: You are a careful assistant. Answer in Chinese."));

    m_preset = new QComboBox;
    m_preset->setObjectName(QStringLiteral("preset"));
    m_preset->addItems({ tr("Custom"), tr("Precise"), tr("Balanced"), tr("Creative") });
    m_temperature = new QDoubleSpinBox;
    m_temperature->setObjectName(QStringLiteral("temperature"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.05);
    m_temperature->setValue(sampling.temperature);
    m_temperature->setToolTip(tr("0 always picks the most likely word; higher values give more varied answers."));
    m_topP = new QDoubleSpinBox;
    m_topP->setObjectName(QStringLiteral("topP"));
    m_topP->setRange(0.0, 1.0);
    m_topP->setSingleStep(0.01);
    m_topP->setValue(sampling.topP);
    m_topP->setToolTip(tr("Sample only from the most likely words that together make up this share."));
    m_maxTokens = new QSpinBox;
    m_maxTokens->setObjectName(QStringLiteral("maxTokens"));
    m_maxTokens->setRange(1, 131072);
    m_maxTokens->setValue(sampling.maxTokens);
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(-1, 2147483647);
    m_seed->setSpecialValueText(tr("Random"));
    m_seed->setValue(sampling.seed ? static_cast<int>(*sampling.seed) : -1);
    m_seed->setToolTip(tr("The same seed, question and settings give the same answer."));
    m_reasoningEffort = new QComboBox;
    m_reasoningEffort->setObjectName(QStringLiteral("reasoningEffort"));
    m_reasoningEffort->addItem(tr("Model default"), QString());
    const QStringList effortNames { tr("Low"), tr("Medium"), tr("High") };
    const QStringList efforts = app::reasoningEfforts();
    for (qsizetype i = 0; i < efforts.size(); ++i)
        m_reasoningEffort->addItem(effortNames.value(i, efforts[i]), efforts[i]);
    m_reasoningEffort->setCurrentIndex(std::max(0, m_reasoningEffort->findData(sampling.reasoningEffort)));
    m_reasoningEffort->setToolTip(
        tr("How long a reasoning model such as gpt-oss thinks before it answers. Other models ignore it."));

    auto* form = new QFormLayout;
    form->addRow(tr("System prompt:"), m_systemPrompt);
    form->addRow(tr("Preset:"), m_preset);
    form->addRow(tr("Temperature:"), m_temperature);
    form->addRow(tr("Top-p:"), m_topP);
    form->addRow(tr("Maximum answer length (tokens):"), m_maxTokens);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(tr("Reasoning effort:"), m_reasoningEffort);
    auto* contextNote = new QLabel(tr("The context length is chosen when a model is loaded, in Settings."));
    contextNote->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(contextNote);
    layout->addWidget(buttons);

    showMatchingPreset();
    connect(m_preset, &QComboBox::activated, this, &ConversationSettingsDialog::applyPreset);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, &ConversationSettingsDialog::showMatchingPreset);
    connect(m_topP, &QDoubleSpinBox::valueChanged, this, &ConversationSettingsDialog::showMatchingPreset);
}

QString ConversationSettingsDialog::systemPrompt() const
{
    return m_systemPrompt->toPlainText().trimmed();
}

app::ChatSampling ConversationSettingsDialog::sampling() const
{
    app::ChatSampling s;
    s.temperature = m_temperature->value();
    s.topP = m_topP->value();
    s.maxTokens = m_maxTokens->value();
    if (m_seed->value() >= 0)
        s.seed = m_seed->value();
    s.reasoningEffort = m_reasoningEffort->currentData().toString();
    return s;
}

void ConversationSettingsDialog::applyPreset(int index)
{
    if (index < 1 || index > static_cast<int>(std::size(kPresets)))
        return;
    m_temperature->setValue(kPresets[index - 1].temperature);
    m_topP->setValue(kPresets[index - 1].topP);
}

void ConversationSettingsDialog::showMatchingPreset()
{
    int match = 0;
    for (int i = 0; i < static_cast<int>(std::size(kPresets)); ++i)
        if (std::abs(m_temperature->value() - kPresets[i].temperature) < 1e-6
            && std::abs(m_topP->value() - kPresets[i].topP) < 1e-6)
            match = i + 1;
    m_preset->setCurrentIndex(match);
}

} // namespace hearth::ui
