#pragma once

#include <QObject>

class QNetworkAccessManager;

namespace hearth::app {

class DownloadQueue;
class HubClient;
class SecretStore;
class Settings;

// Keeps the hub client, the downloads and their network in step with the
// settings (endpoint, proxy, parallel downloads) and the secret store
// (access token, proxy password): now, and whenever either changes.
// $HF_TOKEN, as the hub's own tools read it, wins over the kept token.
class HubConnection : public QObject {
    Q_OBJECT
public:
    HubConnection(Settings& settings, SecretStore& secrets, QNetworkAccessManager& network, HubClient& hub,
        DownloadQueue& downloads, QObject* parent = nullptr);

    // Reads the secrets and applies everything; applied() tells when it is done.
    void apply();

signals:
    // The settings and secrets are in effect.
    void applied();

private:
    Settings& m_settings;
    SecretStore& m_secrets;
    QNetworkAccessManager& m_network;
    HubClient& m_hub;
    DownloadQueue& m_downloads;
};

} // namespace hearth::app
