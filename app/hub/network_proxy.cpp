#include "app/hub/network_proxy.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>

namespace hearth::app {

namespace {

// The system's proxy for each request, asked afresh every time, so that a
// changed environment or desktop setting applies without a restart. This
// machine's own addresses never go through it: a proxy cannot reach them.
class SystemProxyFactory : public QNetworkProxyFactory {
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery& query) override
    {
        const QString host = query.peerHostName();
        if (host == QStringLiteral("localhost") || QHostAddress(host).isLoopback())
            return { QNetworkProxy::NoProxy };
        return systemProxyForQuery(query);
    }
};

} // namespace

QString NetworkProxy::problem() const
{
    if (mode != Mode::Manual)
        return {};
    if (!url.isValid() || url.host().isEmpty())
        return QCoreApplication::translate("NetworkProxy", "Give the proxy as http://host:port.");
    if (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("socks5"))
        return QCoreApplication::translate("NetworkProxy", "The proxy's address starts with http:// or socks5://.");
    if (url.port() <= 0)
        return QCoreApplication::translate("NetworkProxy", "The proxy's address needs a port, such as :3128.");
    return {};
}

void NetworkProxy::applyTo(QNetworkAccessManager& network) const
{
    switch (mode) {
    case Mode::System:
        network.setProxyFactory(new SystemProxyFactory); // the manager owns it
        return;
    case Mode::None:
        network.setProxyFactory(nullptr);
        network.setProxy(QNetworkProxy::NoProxy);
        return;
    case Mode::Manual:
        network.setProxyFactory(nullptr);
        network.setProxy(QNetworkProxy(
            url.scheme() == QStringLiteral("socks5") ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy,
            url.host(), quint16(url.port()), url.userName(), password));
        return;
    }
}

QString NetworkProxy::modeKey(Mode mode)
{
    switch (mode) {
    case Mode::System:
        return QStringLiteral("system");
    case Mode::None:
        return QStringLiteral("none");
    case Mode::Manual:
        return QStringLiteral("manual");
    }
    return QStringLiteral("system");
}

NetworkProxy::Mode NetworkProxy::modeFromKey(const QString& key)
{
    if (key == QStringLiteral("none"))
        return Mode::None;
    if (key == QStringLiteral("manual"))
        return Mode::Manual;
    return Mode::System;
}

} // namespace hearth::app
