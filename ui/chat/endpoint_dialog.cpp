#include "ui/chat/endpoint_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace hearth::ui {

EndpointDialog::EndpointDialog(const app::RemoteEndpoint& endpoint, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("OpenAI-Compatible Endpoint"));
    m_name = new QLineEdit(endpoint.name);
    m_name->setObjectName(QStringLiteral("endpointName"));
    m_name->setPlaceholderText(tr("Team cluster"));
    m_url = new QLineEdit(endpoint.baseUrl.toString());
    m_url->setObjectName(QStringLiteral("endpointUrl"));
    m_url->setPlaceholderText(QStringLiteral("http://gpu-server:8000/v1"));
    m_model = new QLineEdit(endpoint.model);
    m_model->setObjectName(QStringLiteral("endpointModel"));
    m_model->setPlaceholderText(QStringLiteral("Qwen/Qwen2.5-72B-Instruct-AWQ"));
    m_key = new QLineEdit(endpoint.apiKey);
    m_key->setObjectName(QStringLiteral("endpointKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("Optional"));

    auto* form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Address (up to /v1):"), m_url);
    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("API key:"), m_key);
    auto* note = new QLabel(tr("vLLM, another Hearth, Ollama (http://host:11434/v1) or any server that speaks "
                               "OpenAI's chat completions. Questions go to this server, not to this computer."));
    note->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_buttons);
    for (auto* edit : { m_url, m_model })
        connect(edit, &QLineEdit::textChanged, this, &EndpointDialog::validate);
    validate();
}

app::RemoteEndpoint EndpointDialog::endpoint() const
{
    app::RemoteEndpoint e;
    e.baseUrl = QUrl(m_url->text().trimmed());
    e.model = m_model->text().trimmed();
    e.name = m_name->text().trimmed().isEmpty() ? e.baseUrl.host() : m_name->text().trimmed();
    e.apiKey = m_key->text().trimmed();
    return e;
}

void EndpointDialog::validate()
{
    const QUrl url(m_url->text().trimmed());
    const bool valid = (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
        && !url.host().isEmpty() && !m_model->text().trimmed().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
}

} // namespace hearth::ui
