// The API server on its own thread over a real engine and a small generated
// model: it answers while the test's thread only waits, stopping it with an
// answer streaming neither crashes nor keeps the engine alive, and a port in
// use is reported.
#include <QJsonArray>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "app/inference/local_model.h"
#include "app/server/server_thread.h"
#include "engine/text/vocabulary.h"
#include "tests/support/http_test_client.h"
#include "tests/support/npm_test_model.h"

using namespace hearth;
using namespace hearth::app;

class TestServerThread : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_path = m_dir.filePath(QStringLiteral("tiny-thread.gguf"));
        test::TestModelSpec spec;
        spec.weights = GgmlType::F16;
        spec.hidden = 128;
        spec.ffn = 256;
        QVERIFY2(test::writeNpmTestModel(spec, "llama3", m_path),
            "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)");
        QSignalSpy loaded(&m_model, &LocalModel::loaded);
        m_model.load(m_path, { 512, 2, 1 });
        QVERIFY(loaded.wait(30000));
    }

    void answersFromItsOwnThread()
    {
        ServerThread server(m_model);
        ServerConfig config;
        config.port = 0;
        const quint16 port = server.start(config);
        QVERIFY2(port, qPrintable(server.errorString()));
        QVERIFY(server.isRunning());
        test::HttpTestClient client(port);
        const test::HttpResponse response = client.post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-thread\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}], "
            "\"max_tokens\": 5, \"temperature\": 0}");
        QCOMPARE(response.status, 200);
        const QJsonObject usage = response.json()[QStringLiteral("usage")].toObject();
        QCOMPARE(usage[QStringLiteral("completion_tokens")].toInt(), 5);
        QVERIFY(usage[QStringLiteral("prompt_tokens")].toInt() > 3);
        server.stop();
        QVERIFY(!server.isRunning());
        QCOMPARE(client.get(QStringLiteral("/health")).status, 0); // nobody listens any more
    }

    void logprobsComeWithEveryToken()
    {
        ServerThread server(m_model);
        ServerConfig config;
        config.port = 0;
        test::HttpTestClient client(server.start(config));
        const test::HttpResponse whole = client.post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-thread\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], "
            "\"max_tokens\": 6, \"temperature\": 0, \"logprobs\": true, \"top_logprobs\": 3}");
        QCOMPARE(whole.status, 200);
        const QJsonObject choice = whole.json()[QStringLiteral("choices")].toArray().first().toObject();
        const QJsonArray content = choice[QStringLiteral("logprobs")].toObject()[QStringLiteral("content")].toArray();
        QCOMPARE(content.size(),
            whole.json()[QStringLiteral("usage")].toObject()[QStringLiteral("completion_tokens")].toInt());
        for (const QJsonValue& value : content) {
            const QJsonObject token = value.toObject();
            const QJsonArray top = token[QStringLiteral("top_logprobs")].toArray();
            QCOMPARE(top.size(), 3);
            // Greedy: the chosen token is the most likely one.
            QCOMPARE(
                token[QStringLiteral("logprob")].toDouble(), top[0].toObject()[QStringLiteral("logprob")].toDouble());
            QVERIFY(token[QStringLiteral("logprob")].toDouble() <= 0);
            QVERIFY(top[1].toObject()[QStringLiteral("logprob")].toDouble()
                <= top[0].toObject()[QStringLiteral("logprob")].toDouble());
            QVERIFY(token[QStringLiteral("bytes")].isArray());
        }

        // Streamed: the same tokens, spread over the chunks.
        const test::HttpResponse streamed = client.post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-thread\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], "
            "\"max_tokens\": 6, \"temperature\": 0, \"logprobs\": true, \"top_logprobs\": 3, \"stream\": true}");
        QJsonArray streamedTokens;
        for (const QByteArray& line : streamed.body.split('\n'))
            if (line.startsWith("data: {"))
                for (const QJsonValue& token : QJsonDocument::fromJson(line.mid(6))
                                                   .object()[QStringLiteral("choices")]
                                                   .toArray()
                                                   .first()
                                                   .toObject()[QStringLiteral("logprobs")]
                                                   .toObject()[QStringLiteral("content")]
                                                   .toArray())
                    streamedTokens.append(token);
        QCOMPARE(streamedTokens, content);

        // Text completions: the older shape.
        const test::HttpResponse text = client.post(QStringLiteral("/v1/completions"),
            "{\"model\": \"tiny-thread\", \"prompt\": \"Once\", \"max_tokens\": 4, \"logprobs\": 2}");
        QCOMPARE(text.status, 200);
        const QJsonObject legacy = text.json()[QStringLiteral("choices")]
                                       .toArray()
                                       .first()
                                       .toObject()[QStringLiteral("logprobs")]
                                       .toObject();
        QCOMPARE(legacy[QStringLiteral("tokens")].toArray().size(), 4);
        QCOMPARE(legacy[QStringLiteral("token_logprobs")].toArray().size(), 4);
        QCOMPARE(legacy[QStringLiteral("top_logprobs")].toArray().first().toObject().size(), 2);
        QCOMPARE(legacy[QStringLiteral("text_offset")].toArray().first().toInt(), 0);

        // Asked for wrongly.
        QCOMPARE(client
                     .post(QStringLiteral("/v1/chat/completions"),
                         "{\"model\": \"tiny-thread\", \"messages\": [{\"role\": \"user\", \"content\": "
                         "\"Hi\"}], \"top_logprobs\": 3}")
                     .status,
            400);
    }

    void aResponseFormatShapesTheAnswer()
    {
        ServerThread server(m_model);
        ServerConfig config;
        config.port = 0;
        test::HttpTestClient client(server.start(config));
        const auto content = [](const test::HttpResponse& response) {
            return response.json()[QStringLiteral("choices")]
                .toArray()
                .first()
                .toObject()[QStringLiteral("message")]
                .toObject()[QStringLiteral("content")]
                .toString();
        };
        const test::HttpResponse shaped = client.post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-thread\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], "
            "\"max_tokens\": 150, \"temperature\": 0.8, \"seed\": 3, \"response_format\": {\"type\": "
            "\"json_schema\", \"json_schema\": {\"name\": \"verdict\", \"strict\": true, \"schema\": {"
            "\"type\": \"object\", \"properties\": {\"ok\": {\"type\": \"boolean\"}, \"mood\": {\"enum\": "
            "[\"calm\", \"glad\"]}}, \"required\": [\"ok\", \"mood\"], \"additionalProperties\": false}}}}");
        QCOMPARE(shaped.status, 200);
        QJsonParseError error;
        const QJsonObject verdict = QJsonDocument::fromJson(content(shaped).toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(content(shaped)));
        QVERIFY(verdict[QStringLiteral("ok")].isBool());
        QVERIFY(verdict[QStringLiteral("mood")] == QStringLiteral("calm")
            || verdict[QStringLiteral("mood")] == QStringLiteral("glad"));
        QCOMPARE(verdict.size(), 2);

        const test::HttpResponse object = client.post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-thread\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], "
            "\"max_tokens\": 40, \"temperature\": 0, \"response_format\": {\"type\": \"json_object\"}}");
        QCOMPARE(object.status, 200);
        // A random model may run out of tokens inside a string, but what it wrote is an object so far.
        QVERIFY2(content(object).trimmed().startsWith(QLatin1Char('{')), qPrintable(content(object)));

        const test::HttpResponse refused = client.post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-thread\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], "
            "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"x\", "
            "\"schema\": {\"$ref\": \"https://example.com/s.json\"}}}}");
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json()[QStringLiteral("error")].toObject()[QStringLiteral("param")].toString(),
            QStringLiteral("response_format"));
    }

    void embeddingsAreUnitVectorsInInputOrder()
    {
        ServerThread server(m_model);
        ServerConfig config;
        config.port = 0;
        test::HttpTestClient client(server.start(config));
        const test::HttpResponse floats = client.post(QStringLiteral("/v1/embeddings"),
            "{\"model\": \"tiny-thread\", \"input\": [\"the cat sat\", \"a dog ran\", \"the cat sat\"]}");
        QCOMPARE(floats.status, 200);
        const QJsonArray data = floats.json()[QStringLiteral("data")].toArray();
        QCOMPARE(data.size(), 3);
        QList<QJsonArray> vectors;
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(data[i].toObject()[QStringLiteral("index")].toInt(), i);
            const QJsonArray vector = data[i].toObject()[QStringLiteral("embedding")].toArray();
            QCOMPARE(vector.size(), 128); // the model's hidden size
            double norm = 0;
            for (const QJsonValue& v : vector)
                norm += v.toDouble() * v.toDouble();
            QVERIFY(qAbs(norm - 1.0) < 1e-4);
            vectors << vector;
        }
        QCOMPARE(vectors[0], vectors[2]);
        QVERIFY(vectors[0] != vectors[1]);
        QVERIFY(floats.json()[QStringLiteral("usage")].toObject()[QStringLiteral("prompt_tokens")].toInt() >= 6);

        // base64: the same floats, little-endian.
        const test::HttpResponse packed = client.post(QStringLiteral("/v1/embeddings"),
            "{\"model\": \"tiny-thread\", \"input\": \"the cat sat\", \"encoding_format\": \"base64\"}");
        const QByteArray bytes = QByteArray::fromBase64(packed.json()[QStringLiteral("data")]
                                                            .toArray()
                                                            .first()
                                                            .toObject()[QStringLiteral("embedding")]
                                                            .toString()
                                                            .toLatin1());
        QCOMPARE(bytes.size(), qsizetype(128 * sizeof(float)));
        const auto* values = reinterpret_cast<const float*>(bytes.constData());
        for (int d = 0; d < 128; ++d)
            QCOMPARE(values[d], float(vectors[0][d].toDouble()));

        QCOMPARE(
            client.post(QStringLiteral("/v1/embeddings"), "{\"model\": \"tiny-thread\", \"input\": [1, 2]}").status,
            400);
        QCOMPARE(
            client.post(QStringLiteral("/v1/embeddings"), "{\"model\": \"tiny-thread\", \"input\": \"\"}").status, 400);
        QCOMPARE(client
                     .post(QStringLiteral("/v1/embeddings"),
                         "{\"model\": \"tiny-thread\", \"input\": \"x\", \"dimensions\": 3}")
                     .status,
            400);
        const QByteArray longInput
            = "{\"model\": \"tiny-thread\", \"input\": \"" + QByteArray("word ").repeated(600) + "\"}";
        const test::HttpResponse tooLong = client.post(QStringLiteral("/v1/embeddings"), longInput);
        QCOMPARE(tooLong.status, 422);
        QCOMPARE(tooLong.json()[QStringLiteral("error")].toObject()[QStringLiteral("code")].toString(),
            QStringLiteral("context_length_exceeded"));
    }

    void stoppingWithAnAnswerStreamingLetsTheEngineGo()
    {
        std::weak_ptr<Engine> engine = m_model.engine();
        {
            ServerThread server(m_model);
            ServerConfig config;
            config.port = 0;
            const quint16 port = server.start(config);
            QVERIFY(port);
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(socket.waitForConnected(5000));
            const QByteArray body = "{\"model\": \"tiny-thread\", \"messages\": [{\"role\": \"user\", \"content\": "
                                    "\"go\"}], \"stream\": true, \"max_tokens\": 400}";
            socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                         "Content-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            QTRY_VERIFY_WITH_TIMEOUT(socket.bytesAvailable() > 400, 20000); // tokens are arriving
            server.stop();
            QTRY_VERIFY_WITH_TIMEOUT(socket.state() == QAbstractSocket::UnconnectedState, 10000);
        }
        m_model.unload();
        // Nothing the stopped server started still holds the engine.
        QTRY_VERIFY_WITH_TIMEOUT(engine.expired(), 10000);
        QSignalSpy loaded(&m_model, &LocalModel::loaded);
        m_model.load(m_path, { 512, 2, 1 });
        QVERIFY(loaded.wait(30000));
    }

    void aRevokedKeyIsRefusedWithoutARestart()
    {
        const ApiKey kept = ApiKey::fromSecret(QStringLiteral("kept"), "sk-kept");
        const ApiKey revoked = ApiKey::fromSecret(QStringLiteral("revoked"), "sk-revoked");
        ServerThread server(m_model);
        QSignalSpy records(&server, &ServerThread::requestFinished);
        ServerConfig config;
        config.port = 0;
        config.keys = { kept, revoked };
        test::HttpTestClient client(server.start(config));
        client.setApiKey("sk-revoked");
        QCOMPARE(client.get(QStringLiteral("/v1/models")).status, 200);
        config.keys = { kept };
        server.reconfigure(config);
        QTRY_COMPARE(client.get(QStringLiteral("/v1/models")).status, 401);
        client.setApiKey("sk-kept");
        QCOMPARE(client.get(QStringLiteral("/v1/models")).status, 200);
        // Records arrive on this thread, with the key's name.
        QTRY_VERIFY(records.size() >= 3);
        QCOMPARE(records.first().first().value<RequestRecord>().keyName, QStringLiteral("revoked"));
    }

    void theLocalNetworkNeedsAKey()
    {
        ServerThread server(m_model);
        ServerConfig config;
        config.host = QHostAddress::AnyIPv4;
        config.port = 0;
        QCOMPARE(server.start(config), quint16(0));
        QVERIFY(server.errorString().contains(QStringLiteral("API key")));
        config.keys = { ApiKey::fromSecret(QStringLiteral("team"), "sk-team") };
        QSignalSpy running(&server, &ServerThread::runningChanged);
        QVERIFY(server.start(config));
        QCOMPARE(running.size(), 1);
        // Revoking the last key of a shared server stops it.
        config.keys.clear();
        server.reconfigure(config);
        QVERIFY(!server.isRunning());
        QCOMPARE(running.size(), 2);
        QCOMPARE(running.last().first().toBool(), false);
        QVERIFY(!server.errorString().isEmpty());
    }

    void aPortInUseIsReported()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        ServerThread server(m_model);
        ServerConfig config;
        config.port = squatter.serverPort();
        QCOMPARE(server.start(config), quint16(0));
        QVERIFY(!server.isRunning());
        QVERIFY(server.errorString().contains(QString::number(squatter.serverPort())));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    LocalModel m_model;
};

QTEST_GUILESS_MAIN(TestServerThread)
#include "tst_server_thread.moc"
