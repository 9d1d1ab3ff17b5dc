#pragma once

#include <QString>
#include <QUrl>

class QNetworkAccessManager;

namespace hearth::app {

// How Hearth reaches the hub: through the system's proxy (the http_proxy,
// https_proxy and no_proxy variables, or the desktop's setting where Qt reads
// it), through none, or through one given in Settings.
struct NetworkProxy {
    enum class Mode { System, None, Manual };
    Mode mode = Mode::System;
    QUrl url; // Manual: http://[user@]host:port
    QString password; // Manual: kept in the secret store, not in the settings file

    // Why `url` cannot be used; empty when it can.
    QString problem() const;
    // Makes `network` use this proxy.
    void applyTo(QNetworkAccessManager& network) const;

    static QString modeKey(Mode mode);
    static Mode modeFromKey(const QString& key);
};

} // namespace hearth::app
