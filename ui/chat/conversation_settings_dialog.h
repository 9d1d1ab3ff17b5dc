#pragma once

#include <QDialog>

#include "app/chat/chat_request.h"

class QComboBox;
class QDoubleSpinBox;
class QPlainTextEdit;
class QSpinBox;

namespace hearth::ui {

// One conversation's system prompt and sampling settings, with presets.
class ConversationSettingsDialog : public QDialog {
    Q_OBJECT
public:
    ConversationSettingsDialog(
        const QString& systemPrompt, const app::ChatSampling& sampling, QWidget* parent = nullptr);

    QString systemPrompt() const;
    app::ChatSampling sampling() const;

private:
    void applyPreset(int index);
    void showMatchingPreset();

    QPlainTextEdit* m_systemPrompt = nullptr;
    QComboBox* m_preset = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QSpinBox* m_seed = nullptr;
    QComboBox* m_reasoningEffort = nullptr;
};

} // namespace hearth::ui
