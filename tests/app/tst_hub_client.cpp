// The hub client against a loopback server that answers like the hub: the
// search it asks for, files and READMEs, the endpoint from HF_ENDPOINT or
// the settings, the token sent to the hub only, and gated models explained.
#include <QNetworkAccessManager>
#include <QtTest>

#include "app/http/http_responder.h"
#include "app/http/http_server.h"
#include "app/hub/hub_client.h"

using namespace hearth::app;

class TestHubClient : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        HttpHandlers handlers;
        handlers.answer = [this](const HttpRequest& request, HttpResponder responder) {
            m_paths << request.url.path();
            m_queries << request.url.query();
            m_authorizations << request.value("Authorization");
            const QString path = request.url.path();
            if (path.contains(QLatin1String("Gated")))
                responder.send({ 403, "application/json", "{\"error\": \"gated\"}", {} });
            else if (path == QLatin1String("/api/models"))
                responder.send({ 200, "application/json",
                    "[{\"id\": \"Qwen/Qwen2.5-0.5B-Instruct-GGUF\", \"downloads\": 10, \"likes\": 2}]", {} });
            else if (path == QLatin1String("/api/models/Qwen/Qwen2.5-0.5B-Instruct-GGUF/tree/main"))
                responder.send({ 200, "application/json",
                    "[{\"type\": \"file\", \"path\": \"qwen2.5-0.5b-instruct-q8_0.gguf\", \"size\": 131, "
                    "\"lfs\": {\"oid\": \"ff00\", \"size\": 675710816}}]",
                    {} });
            else if (path == QLatin1String("/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/README.md"))
                responder.send({ 200, "text/markdown", "# Qwen2.5\n", {} });
            else
                responder.send({ 404, {}, {}, {} });
        };
        m_hub.setHandlers(std::move(handlers));
        m_port = m_hub.listen(QHostAddress::LocalHost, 0);
        QVERIFY(m_port);
    }

    void theEndpointComesFromTheEnvironmentFirst()
    {
        qunsetenv("HF_ENDPOINT");
        QCOMPARE(HubClient::endpointFrom({}), QUrl(QStringLiteral("https://huggingface.co")));
        QCOMPARE(HubClient::endpointFrom(QStringLiteral("https://hub.internal/")),
            QUrl(QStringLiteral("https://hub.internal")));
        qputenv("HF_ENDPOINT", "https://hf-mirror.com");
        QCOMPARE(HubClient::endpointFrom(QStringLiteral("https://hub.internal")),
            QUrl(QStringLiteral("https://hf-mirror.com")));
        qunsetenv("HF_ENDPOINT");
    }

    void searchFilesAndReadme()
    {
        HubClient client(m_network);
        client.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)));
        client.setToken("hf_secret");
        QList<HubModelSummary> models;
        bool answered = false;
        HubQuery query;
        query.text = QStringLiteral("qwen 0.5b");
        client.search(query, [&](const QList<HubModelSummary>& found, const QString& error) {
            QVERIFY(error.isEmpty());
            models = found;
            answered = true;
        });
        QTRY_VERIFY(answered);
        QCOMPARE(models.size(), 1);
        QVERIFY(m_queries.last().contains(QStringLiteral("search=qwen")));
        QVERIFY(m_queries.last().contains(QStringLiteral("filter=gguf")));
        QVERIFY(m_queries.last().contains(QStringLiteral("sort=downloads")));
        QCOMPARE(m_authorizations.last(), QByteArray("Bearer hf_secret"));

        QList<HubFile> files;
        answered = false;
        client.listFiles(models.first().id, [&](const QList<HubFile>& found, const QString& error) {
            QVERIFY(error.isEmpty());
            files = found;
            answered = true;
        });
        QTRY_VERIFY(answered);
        QCOMPARE(files.size(), 1);
        QCOMPARE(files.first().size, 675710816);
        QCOMPARE(files.first().sha256, QByteArray("ff00"));

        QByteArray readme;
        answered = false;
        client.fetchFile(models.first().id, QStringLiteral("README.md"), [&](const QByteArray& text, const QString&) {
            readme = text;
            answered = true;
        });
        QTRY_VERIFY(answered);
        QCOMPARE(readme, QByteArray("# Qwen2.5\n"));
        QCOMPARE(client.fileUrl(QStringLiteral("a/b"), QStringLiteral("x.gguf")),
            QUrl(QStringLiteral("http://127.0.0.1:%1/a/b/resolve/main/x.gguf").arg(m_port)));
    }

    void gatedModelsSayWhatToDo()
    {
        HubClient client(m_network);
        client.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)));
        QString error;
        bool answered = false;
        client.listFiles(QStringLiteral("meta/Gated-Model"), [&](const QList<HubFile>&, const QString& e) {
            error = e;
            answered = true;
        });
        QTRY_VERIFY(answered);
        QVERIFY(error.contains(QStringLiteral("token")));
        QVERIFY(m_authorizations.last().isEmpty()); // none set, none sent
    }

private:
    HttpServer m_hub;
    quint16 m_port = 0;
    QNetworkAccessManager m_network;
    QStringList m_paths;
    QStringList m_queries;
    QList<QByteArray> m_authorizations;
};

QTEST_GUILESS_MAIN(TestHubClient)
#include "tst_hub_client.moc"
