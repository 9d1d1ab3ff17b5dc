#include "ui/settings/hub_settings_box.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>

#include "app/hub/network_proxy.h"
#include "app/settings/secret_store.h"
#include "app/settings/settings.h"

namespace hearth::ui {

HubSettingsBox::HubSettingsBox(app::Settings& settings, app::SecretStore* secrets, QWidget* parent)
    : QGroupBox(tr("Downloads"), parent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_proxyMode(new QComboBox)
    , m_proxyUrl(new QLineEdit)
    , m_proxyPassword(new QLineEdit)
    , m_note(new QLabel)
{
    auto* endpoint = new QLineEdit(settings.hubEndpoint());
    endpoint->setObjectName(QStringLiteral("hubEndpoint"));
    endpoint->setPlaceholderText(QStringLiteral("https://huggingface.co"));
    endpoint->setToolTip(tr("A mirror of the hub, such as an internal one or https://hf-mirror.com"));
    connect(endpoint, &QLineEdit::editingFinished, this,
        [this, endpoint] { m_settings.setHubEndpoint(endpoint->text().trimmed()); });

    auto* token = new QLineEdit;
    token->setObjectName(QStringLiteral("hubToken"));
    token->setEchoMode(QLineEdit::Password);
    token->setPlaceholderText(tr("hf_… for gated models such as Llama"));
    token->setEnabled(secrets != nullptr);
    connect(token, &QLineEdit::editingFinished, this, [this, token] {
        if (token->isModified())
            saveSecret(app::SecretStore::hubToken(), token->text().trimmed());
        token->setModified(false);
    });
    auto* forget = new QPushButton(tr("&Forget"));
    forget->setToolTip(tr("Remove the kept token"));
    forget->setEnabled(false);
    connect(forget, &QPushButton::clicked, this, [this, token, forget] {
        token->clear();
        token->setPlaceholderText(tr("hf_… for gated models such as Llama"));
        forget->setEnabled(false);
        saveSecret(app::SecretStore::hubToken(), QString());
    });
    connect(
        token, &QLineEdit::editingFinished, forget, [token, forget] { forget->setEnabled(!token->text().isEmpty()); });
    if (secrets) {
        QPointer<QLineEdit> field(token);
        QPointer<QPushButton> button(forget);
        secrets->read(app::SecretStore::hubToken(), [field, button](const QString& kept) {
            if (!field || kept.isEmpty())
                return;
            field->setPlaceholderText(tr("A token is kept; type a new one to replace it"));
            button->setEnabled(true);
        });
    }
    auto* tokenRow = new QHBoxLayout;
    tokenRow->addWidget(token, 1);
    tokenRow->addWidget(forget);

    m_proxyMode->setObjectName(QStringLiteral("proxyMode"));
    m_proxyMode->addItem(tr("The system's (http_proxy)"), int(app::NetworkProxy::Mode::System));
    m_proxyMode->addItem(tr("None"), int(app::NetworkProxy::Mode::None));
    m_proxyMode->addItem(tr("This one:"), int(app::NetworkProxy::Mode::Manual));
    const app::NetworkProxy proxy = settings.hubProxy();
    m_proxyMode->setCurrentIndex(std::max(0, m_proxyMode->findData(int(proxy.mode))));
    m_proxyUrl->setObjectName(QStringLiteral("proxyUrl"));
    m_proxyUrl->setText(proxy.url.toString());
    m_proxyUrl->setPlaceholderText(QStringLiteral("http://user@proxy.example.com:3128"));
    m_proxyPassword->setEchoMode(QLineEdit::Password);
    m_proxyPassword->setPlaceholderText(tr("Proxy password, if it asks for one"));
    m_proxyPassword->setEnabled(secrets != nullptr);
    const auto enableManual = [this] {
        const bool manual = m_proxyMode->currentData().toInt() == int(app::NetworkProxy::Mode::Manual);
        m_proxyUrl->setEnabled(manual);
        m_proxyPassword->setEnabled(manual && m_secrets);
    };
    enableManual();
    connect(m_proxyMode, &QComboBox::currentIndexChanged, this, [this, enableManual] {
        enableManual();
        saveProxy();
    });
    connect(m_proxyUrl, &QLineEdit::editingFinished, this, &HubSettingsBox::saveProxy);
    connect(m_proxyPassword, &QLineEdit::editingFinished, this, [this] {
        if (m_proxyPassword->isModified())
            saveSecret(app::SecretStore::proxyPassword(), m_proxyPassword->text());
        m_proxyPassword->setModified(false);
    });

    auto* parallel = new QSpinBox;
    parallel->setObjectName(QStringLiteral("parallelDownloads"));
    parallel->setRange(1, 8);
    parallel->setValue(settings.parallelDownloads());
    connect(parallel, &QSpinBox::valueChanged, &m_settings, &app::Settings::setParallelDownloads);

    m_note->setWordWrap(true);
    if (qEnvironmentVariableIsSet("HF_ENDPOINT"))
        m_note->setText(tr("HF_ENDPOINT is set to %1 and is used instead of the address above.")
                            .arg(qEnvironmentVariable("HF_ENDPOINT")));

    auto* proxyRow = new QHBoxLayout;
    proxyRow->addWidget(m_proxyMode);
    proxyRow->addWidget(m_proxyUrl, 2);
    proxyRow->addWidget(m_proxyPassword, 1);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Hub or mirror:"), endpoint);
    form->addRow(tr("Access token:"), tokenRow);
    form->addRow(tr("Proxy:"), proxyRow);
    form->addRow(tr("Downloads at once:"), parallel);
    form->addRow(m_note);
}

void HubSettingsBox::saveProxy()
{
    app::NetworkProxy proxy;
    proxy.mode = static_cast<app::NetworkProxy::Mode>(m_proxyMode->currentData().toInt());
    proxy.url = QUrl(m_proxyUrl->text().trimmed());
    if (const QString problem = proxy.problem(); !problem.isEmpty()) {
        m_note->setText(problem);
        return;
    }
    m_note->clear();
    m_settings.setHubProxy(proxy);
}

void HubSettingsBox::saveSecret(const QString& key, const QString& secret)
{
    if (!m_secrets)
        return;
    QPointer<QLabel> note(m_note);
    m_secrets->write(key, secret, [note, secret](app::SecretStore::Where where, const QString& error) {
        if (!note)
            return;
        if (!error.isEmpty())
            note->setText(error);
        else if (secret.isEmpty())
            note->setText(tr("Removed."));
        else
            note->setText(where == app::SecretStore::Where::Keyring
                    ? tr("Kept in the system's keyring.")
                    : tr("No keyring answered: kept in a file only you can read (%1).")
                          .arg(app::SecretStore::filePath()));
    });
}

} // namespace hearth::ui
