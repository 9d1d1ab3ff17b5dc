#include "app/hub/hub_connection.h"

#include <QNetworkAccessManager>
#include <QPointer>

#include "app/hub/download_queue.h"
#include "app/hub/hub_client.h"
#include "app/settings/secret_store.h"
#include "app/settings/settings.h"

namespace hearth::app {

HubConnection::HubConnection(Settings& settings, SecretStore& secrets, QNetworkAccessManager& network, HubClient& hub,
    DownloadQueue& downloads, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_network(network)
    , m_hub(hub)
    , m_downloads(downloads)
{
    connect(&settings, &Settings::hubChanged, this, &HubConnection::apply);
    connect(&secrets, &SecretStore::changed, this, &HubConnection::apply);
}

void HubConnection::apply()
{
    m_hub.setEndpoint(HubClient::endpointFrom(m_settings.hubEndpoint()));
    m_downloads.setMaxParallel(m_settings.parallelDownloads());
    QPointer<HubConnection> self(this);
    m_secrets.read(SecretStore::hubToken(), [self](const QString& kept) {
        if (!self)
            return;
        const QByteArray token = qEnvironmentVariableIsSet("HF_TOKEN") ? qgetenv("HF_TOKEN") : kept.toUtf8();
        self->m_hub.setToken(token);
        self->m_downloads.setCredentials(self->m_hub.endpoint().host(), token);
        self->m_secrets.read(SecretStore::proxyPassword(), [self](const QString& password) {
            if (!self)
                return;
            NetworkProxy proxy = self->m_settings.hubProxy();
            proxy.password = password;
            proxy.applyTo(self->m_network);
            emit self->applied();
        });
    });
}

} // namespace hearth::app
