#pragma once

#include <QDialog>

#include "app/chat/remote_chat_backend.h"

class QDialogButtonBox;
class QLineEdit;

namespace hearth::ui {

// Adds or edits an OpenAI-compatible endpoint: its name, address, model and key.
class EndpointDialog : public QDialog {
    Q_OBJECT
public:
    explicit EndpointDialog(const app::RemoteEndpoint& endpoint = {}, QWidget* parent = nullptr);

    app::RemoteEndpoint endpoint() const;

private:
    void validate();

    QLineEdit* m_name = nullptr;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_model = nullptr;
    QLineEdit* m_key = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace hearth::ui
