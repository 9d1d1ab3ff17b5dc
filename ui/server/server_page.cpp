#include "ui/server/server_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkInterface>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "app/server/output_redactor.h"
#include "app/services.h"
#include "app/settings/settings.h"
#include "ui/server/api_keys_panel.h"
#include "ui/server/load_test_panel.h"
#include "ui/server/snippets_panel.h"
#include "ui/server/traffic_chart.h"

namespace hearth::ui {

namespace {

// This machine's addresses on its networks, for teammates to reach.
QStringList lanAddresses()
{
    QStringList addresses;
    for (const QHostAddress& address : QNetworkInterface::allAddresses())
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback())
            addresses << address.toString();
    return addresses;
}

} // namespace

ServerPage::ServerPage(app::Services& services, app::Settings& settings, QWidget* parent)
    : QWidget(parent)
    , m_services(services)
    , m_settings(settings)
    , m_toggle(new QPushButton)
    , m_status(new QLabel)
    , m_tabs(new QTabWidget)
    , m_snippets(new SnippetsPanel)
    , m_loadTest(new LoadTestPanel)
{
    m_toggle->setObjectName(QStringLiteral("serverToggle"));
    m_toggle->setCheckable(true);
    m_status->setObjectName(QStringLiteral("serverStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    connect(m_toggle, &QPushButton::clicked, this, &ServerPage::setServing);

    auto* header = new QHBoxLayout;
    header->addWidget(m_toggle);
    header->addWidget(m_status, 1);

    m_tabs->addTab(buildOptions(), tr("&Options"));
    m_tabs->addTab(new ApiKeysPanel(services.apiKeys), tr("API &keys"));
    m_tabs->addTab(buildRequestLog(), tr("Re&quests"));
    m_tabs->addTab(m_snippets, tr("&Use it"));
    m_tabs->addTab(m_loadTest, tr("&Load test"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);

    connect(&services.server, &app::ServerThread::runningChanged, this, &ServerPage::showState);
    connect(&services.model, &app::LocalModel::stateChanged, this, &ServerPage::showState);
    connect(&services.apiKeys, &app::ApiKeyStore::keysChanged, this, [this] {
        m_services.server.reconfigure(config());
        showState();
    });
    showState();
}

QWidget* ServerPage::buildOptions()
{
    const app::ServerSettings saved = m_settings.serverSettings();
    m_port = new QSpinBox;
    m_port->setObjectName(QStringLiteral("serverPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(saved.port);
    m_port->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_shareOnLan = new QCheckBox(tr("Share on the &local network"));
    m_shareOnLan->setObjectName(QStringLiteral("shareOnLan"));
    m_shareOnLan->setChecked(saved.shareOnLan);
    m_address = new QComboBox;
    m_address->setObjectName(QStringLiteral("lanAddress"));
    m_address->addItem(tr("Every network of this machine"), QString());
    for (const QString& address : lanAddresses())
        m_address->addItem(address, address);
    if (!saved.lanAddress.isEmpty() && m_address->findData(saved.lanAddress) < 0)
        m_address->addItem(saved.lanAddress, saved.lanAddress);
    m_address->setCurrentIndex(std::max(0, m_address->findData(saved.lanAddress)));
    m_cors = new QLineEdit(saved.corsOrigins.join(QStringLiteral(", ")));
    m_cors->setObjectName(QStringLiteral("corsOrigins"));
    m_cors->setPlaceholderText(tr("none; or origins such as https://notebook.example, or * for any"));
    m_redact = new QCheckBox(tr("&Redact ID, mobile, passport and card numbers in answers"));
    m_redact->setObjectName(QStringLiteral("redact"));
    m_redact->setChecked(saved.redact);
    m_patterns = new QPlainTextEdit(saved.extraRedactionPatterns.join(QLatin1Char('\n')));
    m_patterns->setObjectName(QStringLiteral("redactionPatterns"));
    m_patterns->setPlaceholderText(tr("More patterns to redact, one regular expression per line"));
    m_patterns->setMaximumHeight(m_patterns->fontMetrics().lineSpacing() * 5);
    m_recordText = new QCheckBox(tr("Keep prompts and answers in the audit &log"));
    m_recordText->setObjectName(QStringLiteral("recordText"));
    m_recordText->setChecked(saved.recordText);

    auto* form = new QFormLayout;
    form->addRow(tr("&Port:"), m_port);
    form->addRow(m_shareOnLan);
    form->addRow(tr("Listen &on:"), m_address);
    form->addRow(tr("Browser &origins (CORS):"), m_cors);
    form->addRow(m_redact);
    form->addRow(tr("Own &patterns:"), m_patterns);
    form->addRow(m_recordText);
    auto* note = new QLabel(tr("Without sharing, only programs on this machine reach the server (127.0.0.1). The audit "
                               "log always keeps each request's time, key, endpoint, tokens, latency and status."));
    note->setWordWrap(true);

    for (QCheckBox* box : { m_shareOnLan, m_redact, m_recordText })
        connect(box, &QCheckBox::toggled, this, &ServerPage::saveOptions);
    connect(m_port, &QSpinBox::valueChanged, this, &ServerPage::saveOptions);
    connect(m_address, &QComboBox::currentIndexChanged, this, &ServerPage::saveOptions);
    connect(m_cors, &QLineEdit::editingFinished, this, &ServerPage::saveOptions);
    connect(m_patterns, &QPlainTextEdit::textChanged, this, &ServerPage::saveOptions);

    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addStretch();
    return page;
}

QWidget* ServerPage::buildRequestLog()
{
    auto* table = new QTableView;
    table->setObjectName(QStringLiteral("requestLog"));
    table->setModel(&m_services.requestLog);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(app::RequestLogModel::RequestColumn, QHeaderView::Stretch);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(new TrafficChart(m_services.requestLog));
    splitter->addWidget(table);
    auto* exportButton = new QPushButton(tr("&Export audit log…"));
    exportButton->setObjectName(QStringLiteral("exportAuditLog"));
    exportButton->setToolTip(tr("Every request the server answered, as CSV"));
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export audit log"),
            QDir::home().filePath(QStringLiteral("hearth-audit-log.csv")), tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!m_services.audit.exportCsv(path, &error))
            QMessageBox::warning(this, tr("Export audit log"), tr("Cannot write %1: %2").arg(path, error));
    });
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("The live log shows the latest requests; the audit log keeps them all.")), 1);
    row->addWidget(exportButton);
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(splitter, 1);
    layout->addLayout(row);
    return page;
}

app::ServerConfig ServerPage::config() const
{
    const app::ServerSettings saved = m_settings.serverSettings();
    app::ServerConfig config;
    config.host = saved.shareOnLan
        ? (saved.lanAddress.isEmpty() ? QHostAddress(QHostAddress::AnyIPv4) : QHostAddress(saved.lanAddress))
        : QHostAddress(QHostAddress::LocalHost);
    config.port = saved.port;
    config.keys = m_services.apiKeys.activeKeys();
    config.corsOrigins = saved.corsOrigins;
    if (saved.redact)
        config.redactionPatterns = app::OutputRedactor::defaultPatterns() + saved.extraRedactionPatterns;
    config.recordText = saved.recordText;
    return config;
}

void ServerPage::saveOptions()
{
    app::ServerSettings server;
    server.port = static_cast<quint16>(m_port->value());
    server.shareOnLan = m_shareOnLan->isChecked();
    server.lanAddress = m_address->currentData().toString();
    for (const QString& origin : m_cors->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!origin.trimmed().isEmpty())
            server.corsOrigins << origin.trimmed();
    server.redact = m_redact->isChecked();
    for (const QString& pattern : m_patterns->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (!pattern.trimmed().isEmpty())
            server.extraRedactionPatterns << pattern.trimmed();
    m_address->setEnabled(server.shareOnLan);
    m_patterns->setEnabled(server.redact);
    const QString problem = app::OutputRedactor(server.extraRedactionPatterns).errorString();
    m_patterns->setToolTip(problem.isEmpty() ? QString() : tr("Not a valid pattern: %1").arg(problem));
    m_settings.setServerSettings(server);
    m_services.server.reconfigure(config());
    showState();
}

void ServerPage::setServing(bool serving)
{
    if (!serving) {
        m_services.server.stop();
        showState();
        return;
    }
    const app::ServerConfig wanted = config();
    if (!m_services.server.start(wanted)) {
        m_toggle->setChecked(false);
        QMessageBox::warning(this, tr("Server"), m_services.server.errorString());
        if (!wanted.host.isLoopback() && wanted.keys.isEmpty())
            m_tabs->setCurrentIndex(1);
    }
    showState();
}

QString ServerPage::teammateUrl() const
{
    const app::ServerThread& server = m_services.server;
    if (!server.isRunning())
        return {};
    QString host = server.host().toString();
    if (server.host().isLoopback())
        host = QStringLiteral("127.0.0.1");
    else if (server.host() == QHostAddress(QHostAddress::AnyIPv4))
        host = lanAddresses().value(0, QStringLiteral("127.0.0.1"));
    return QStringLiteral("http://%1:%2/v1").arg(host).arg(server.port());
}

void ServerPage::showState()
{
    const app::ServerThread& server = m_services.server;
    const bool running = server.isRunning();
    const app::ServerSettings saved = m_settings.serverSettings();
    m_toggle->setChecked(running);
    m_toggle->setText(running ? tr("&Stop serving") : tr("&Start serving"));
    m_address->setEnabled(saved.shareOnLan);
    m_patterns->setEnabled(saved.redact);
    const int keys = static_cast<int>(m_services.apiKeys.activeKeys().size());
    const QString model
        = m_services.model.state() == app::LocalModel::State::Ready ? m_services.model.displayName() : QString();
    QString status;
    if (running) {
        status = tr("Serving at <b>%1</b>").arg(teammateUrl());
        status += QStringLiteral(" · ")
            + (keys > 0 ? tr("%n API key(s) accepted", nullptr, keys) : tr("no API key needed (this machine only)"));
        status += QStringLiteral(" · ")
            + (model.isEmpty() ? tr("no model loaded yet: load one in Chat")
                               : tr("model \"%1\"").arg(model.toHtmlEscaped()));
        const bool moved = server.port() != saved.port || (saved.shareOnLan == server.host().isLoopback());
        if (moved)
            status += QStringLiteral("<br>") + tr("Stop and start the server to listen on the new address.");
    } else {
        status = server.errorString().isEmpty() ? tr("Stopped. Start serving to share the loaded model as an "
                                                     "OpenAI-compatible API.")
                                                : tr("Stopped: %1").arg(server.errorString().toHtmlEscaped());
    }
    m_status->setText(status);
    m_snippets->setServer(teammateUrl(), model, keys > 0);
    if (running)
        m_loadTest->suggestTarget(teammateUrl(), model);
}

} // namespace hearth::ui
