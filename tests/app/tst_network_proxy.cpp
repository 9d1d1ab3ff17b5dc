// The hub through a proxy: one given in Settings (with a password) carries
// the API calls and the downloads; the system's (http_proxy) is followed in
// System mode and ignored in None mode; bad addresses are explained.
#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/hub/file_download.h"
#include "app/hub/hub_client.h"
#include "app/hub/network_proxy.h"
#include "tests/support/fake_file_server.h"
#include "tests/support/fake_http_proxy.h"

using namespace hearth;
using namespace hearth::app;

class TestNetworkProxy : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        qunsetenv("http_proxy");
        qunsetenv("HTTP_PROXY");
        qunsetenv("no_proxy");
        m_hub = std::make_unique<test::FakeFileServer>();
        m_hub->content = QByteArray(200 * 1024, 'x');
        m_hub->filePath = "/org/Tiny-GGUF/resolve/main/tiny-q8_0.gguf";
        m_hub->pages.insert("/api/models", "[{\"id\": \"org/Tiny-GGUF\", \"downloads\": 3}]");
        m_proxy = std::make_unique<test::FakeHttpProxy>();
        m_endpoint = m_hub->url(QString());
    }

    void cleanup() { qunsetenv("http_proxy"); }

    void aProxyFromTheSettingsCarriesSearchesAndDownloads()
    {
        QNetworkAccessManager network;
        NetworkProxy { NetworkProxy::Mode::Manual, m_proxy->url(), {} }.applyTo(network);
        QVERIFY(search(network));
        QVERIFY(download(network));
        QCOMPARE(m_proxy->requests.size(), 2);
        QCOMPARE(m_proxy->requests[0].path(), QStringLiteral("/api/models"));
        QCOMPARE(m_proxy->requests[1].path(), QString::fromLatin1(m_hub->filePath));
    }

    void theProxysPasswordIsSent()
    {
        m_proxy->requiredAuthorization = "Basic " + QByteArray("team:s3cret").toBase64();
        QNetworkAccessManager network;
        QUrl url = m_proxy->url();
        url.setUserName(QStringLiteral("team"));
        NetworkProxy { NetworkProxy::Mode::Manual, url, QStringLiteral("wrong") }.applyTo(network);
        QVERIFY(!search(network));
        QVERIFY(m_proxy->requests.isEmpty());
        QNetworkAccessManager allowed;
        NetworkProxy { NetworkProxy::Mode::Manual, url, QStringLiteral("s3cret") }.applyTo(allowed);
        QVERIFY(search(allowed));
        QCOMPARE(m_proxy->requests.size(), 1);
    }

    void theSystemsProxyIsFollowedUnlessTurnedOff()
    {
        qputenv("http_proxy", m_proxy->url().toString().toLatin1());
        QNetworkAccessManager system;
        NetworkProxy {}.applyTo(system);
        QVERIFY(search(system)); // 127.0.0.1: no proxy can reach it
        QVERIFY(m_proxy->requests.isEmpty());
        m_endpoint.setHost(QStringLiteral("hub.test")); // a name only the proxy knows
        QVERIFY(search(system));
        QCOMPARE(m_proxy->requests.size(), 1);
        QCOMPARE(m_proxy->requests.first().host(), QStringLiteral("hub.test"));

        QNetworkAccessManager direct;
        NetworkProxy { NetworkProxy::Mode::None, {}, {} }.applyTo(direct);
        QVERIFY(!search(direct)); // hub.test is unknown without the proxy
        QCOMPARE(m_proxy->requests.size(), 1);
    }

    void badAddressesAreExplained()
    {
        const auto problem = [](const char* url) {
            return NetworkProxy { NetworkProxy::Mode::Manual, QUrl(QString::fromLatin1(url)), {} }.problem();
        };
        QVERIFY(problem("http://proxy.internal:3128").isEmpty());
        QVERIFY(problem("socks5://127.0.0.1:1080").isEmpty());
        QVERIFY(problem("http://proxy.internal").contains(QStringLiteral("port")));
        QVERIFY(problem("ftp://proxy.internal:21").contains(QStringLiteral("http://")));
        QVERIFY(!problem("").isEmpty());
        QVERIFY(NetworkProxy {}.problem().isEmpty());
        QCOMPARE(
            NetworkProxy::modeFromKey(NetworkProxy::modeKey(NetworkProxy::Mode::Manual)), NetworkProxy::Mode::Manual);
    }

private:
    bool search(QNetworkAccessManager& network)
    {
        HubClient client(network);
        client.setEndpoint(m_endpoint);
        bool answered = false;
        QString problem;
        QList<HubModelSummary> found;
        client.search(HubQuery {}, [&](const QList<HubModelSummary>& models, const QString& error) {
            answered = true;
            found = models;
            problem = error;
        });
        if (!QTest::qWaitFor([&] { return answered; }, 10000))
            return false;
        return problem.isEmpty() && found.size() == 1;
    }

    bool download(QNetworkAccessManager& network)
    {
        QTemporaryDir dir;
        FileDownload::Target target;
        target.url = m_hub->url(QString::fromLatin1(m_hub->filePath));
        target.destination = dir.filePath(QStringLiteral("tiny-q8_0.gguf"));
        target.size = m_hub->content.size();
        target.sha256 = QCryptographicHash::hash(m_hub->content, QCryptographicHash::Sha256).toHex();
        FileDownload file(network, target);
        QSignalSpy finished(&file, &FileDownload::finished);
        QSignalSpy failed(&file, &FileDownload::failed);
        file.start();
        if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); }, 10000))
            qWarning("the download did not end");
        if (!failed.isEmpty())
            qWarning("%s", qPrintable(file.errorString()));
        return !finished.isEmpty();
    }

    std::unique_ptr<test::FakeFileServer> m_hub;
    std::unique_ptr<test::FakeHttpProxy> m_proxy;
    QUrl m_endpoint;
};

QTEST_MAIN(TestNetworkProxy)
#include "tst_network_proxy.moc"
