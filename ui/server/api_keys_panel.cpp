#include "ui/server/api_keys_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include "app/server/api_key_store.h"

namespace hearth::ui {

namespace {

// A key's name and limits; the name is fixed when only limits change.
class KeyDialog : public QDialog {
public:
    KeyDialog(const QString& title, const app::ApiKey& key, bool nameEditable, QWidget* parent)
        : QDialog(parent)
    {
        setWindowTitle(title);
        m_name = new QLineEdit(key.name);
        m_name->setObjectName(QStringLiteral("keyName"));
        m_name->setPlaceholderText(tr("a team or a service, such as \"data team\""));
        m_name->setEnabled(nameEditable);
        m_requests = limitBox(key.requestsPerMinute, 100000);
        m_requests->setObjectName(QStringLiteral("requestsPerMinute"));
        m_tokens = limitBox(key.tokensPerMinute, 100000000);
        m_tokens->setObjectName(QStringLiteral("tokensPerMinute"));
        auto* form = new QFormLayout;
        form->addRow(tr("&Name:"), m_name);
        form->addRow(tr("&Requests per minute:"), m_requests);
        form->addRow(tr("&Tokens per minute:"), m_tokens);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        auto* layout = new QVBoxLayout(this);
        layout->addLayout(form);
        layout->addWidget(new QLabel(tr("Requests beyond a limit are answered 429 with the seconds to wait.")));
        layout->addWidget(buttons);
    }

    QString name() const { return m_name->text(); }
    int requests() const { return m_requests->value(); }
    int tokens() const { return m_tokens->value(); }

private:
    static QSpinBox* limitBox(int value, int max)
    {
        auto* box = new QSpinBox;
        box->setRange(0, max);
        box->setSpecialValueText(tr("no limit"));
        box->setValue(value);
        box->setSingleStep(10);
        return box;
    }

    QLineEdit* m_name;
    QSpinBox* m_requests;
    QSpinBox* m_tokens;
};

// The one time a secret is shown.
void showSecret(const QString& name, const QByteArray& secret, QWidget* parent)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(KeyDialog::tr("API key for %1").arg(name));
    auto* field = new QLineEdit(QString::fromLatin1(secret));
    field->setObjectName(QStringLiteral("secret"));
    field->setReadOnly(true);
    field->setMinimumWidth(field->fontMetrics().horizontalAdvance(field->text()) + 24);
    auto* copy = new QPushButton(KeyDialog::tr("&Copy"));
    QObject::connect(copy, &QPushButton::clicked, &dialog, [secret, copy] {
        QApplication::clipboard()->setText(QString::fromLatin1(secret));
        copy->setText(KeyDialog::tr("Copied"));
    });
    auto* row = new QHBoxLayout;
    row->addWidget(field, 1);
    row->addWidget(copy);
    auto* warning = new QLabel(KeyDialog::tr("Copy the key now and give it to its holder: Hearth keeps only a salted "
                                             "hash of it and cannot show it again."));
    warning->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::accept);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(warning);
    layout->addLayout(row);
    layout->addWidget(buttons);
    field->selectAll();
    dialog.exec();
}

} // namespace

ApiKeysPanel::ApiKeysPanel(app::ApiKeyStore& keys, QWidget* parent)
    : QWidget(parent)
    , m_keys(keys)
    , m_table(new QTableView)
    , m_limits(new QPushButton(tr("&Limits…")))
    , m_revoke(new QPushButton(tr("&Revoke")))
{
    m_table->setObjectName(QStringLiteral("apiKeys"));
    m_table->setModel(&keys);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(app::ApiKeyStore::NameColumn, QHeaderView::Stretch);
    auto* create = new QPushButton(tr("&New key…"));
    create->setObjectName(QStringLiteral("newKey"));
    m_limits->setObjectName(QStringLiteral("keyLimits"));
    m_revoke->setObjectName(QStringLiteral("revokeKey"));
    connect(create, &QPushButton::clicked, this, &ApiKeysPanel::createKey);
    connect(m_limits, &QPushButton::clicked, this, &ApiKeysPanel::editLimits);
    connect(m_revoke, &QPushButton::clicked, this, &ApiKeysPanel::revokeKey);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ApiKeysPanel::updateButtons);
    connect(&keys, &QAbstractItemModel::modelReset, this, &ApiKeysPanel::updateButtons);

    auto* buttons = new QVBoxLayout;
    buttons->addWidget(create);
    buttons->addWidget(m_limits);
    buttons->addWidget(m_revoke);
    buttons->addStretch();
    auto* explanation = new QLabel(tr("With at least one key, every request but the health check needs one, sent as "
                                      "\"Authorization: Bearer KEY\". Sharing on the local network needs a key."));
    explanation->setWordWrap(true);
    auto* row = new QHBoxLayout;
    row->addWidget(m_table, 1);
    row->addLayout(buttons);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(row, 1);
    updateButtons();
}

void ApiKeysPanel::createKey()
{
    KeyDialog dialog(tr("New API key"), {}, true, this);
    while (dialog.exec() == QDialog::Accepted) {
        QString error;
        const QByteArray secret = m_keys.create(dialog.name(), dialog.requests(), dialog.tokens(), &error);
        if (!secret.isEmpty()) {
            showSecret(dialog.name().trimmed(), secret, this);
            return;
        }
        QMessageBox::warning(this, tr("New API key"), error);
    }
}

void ApiKeysPanel::editLimits()
{
    const int row = m_table->currentIndex().row();
    if (row < 0 || m_keys.isRevoked(row))
        return;
    KeyDialog dialog(tr("Limits of %1").arg(m_keys.keyAt(row).name), m_keys.keyAt(row), false, this);
    if (dialog.exec() == QDialog::Accepted)
        m_keys.setLimits(row, dialog.requests(), dialog.tokens());
}

void ApiKeysPanel::revokeKey()
{
    const int row = m_table->currentIndex().row();
    if (row < 0 || m_keys.isRevoked(row))
        return;
    const QString name = m_keys.keyAt(row).name;
    if (QMessageBox::question(this, tr("Revoke API key"),
            tr("Revoke the key of %1? Its holder is refused from the next request on; this cannot be undone.")
                .arg(name))
        == QMessageBox::Yes)
        m_keys.revoke(row);
}

void ApiKeysPanel::updateButtons()
{
    const int row = m_table->selectionModel()->hasSelection() ? m_table->currentIndex().row() : -1;
    const bool active = row >= 0 && !m_keys.isRevoked(row);
    m_limits->setEnabled(active);
    m_revoke->setEnabled(active);
}

} // namespace hearth::ui
