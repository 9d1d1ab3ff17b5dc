// The OpenAI-compatible API over HTTP on loopback: health, models, chat
// completions whole and streamed, OpenAI-shaped errors, and a client that
// disconnects mid-stream cancelling its answer. Answers come from a
// scripted backend; a small generated model is loaded for the model list.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "app/inference/local_model.h"
#include "app/server/api_server.h"
#include "app/server/output_redactor.h"
#include "engine/model/model.h"
#include "engine/text/vocabulary.h"
#include "tests/support/http_test_client.h"
#include "tests/support/npm_test_model.h"
#include "tests/support/raw_http_client.h"
#include "tests/support/scripted_chat_backend.h"

using namespace hearth;
using namespace hearth::app;

using Response = test::HttpResponse;

class TestApiServer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_path = m_dir.filePath(QStringLiteral("tiny-api.gguf"));
        test::TestModelSpec spec;
        spec.weights = GgmlType::F16;
        spec.hidden = 128;
        spec.ffn = 256;
        QVERIFY2(test::writeNpmTestModel(spec, "llama2", m_path),
            "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)");

        m_server = std::make_unique<ApiServer>(m_model, m_backend);
        m_port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(m_port, qPrintable(m_server->errorString()));
        m_client.setPort(m_port);
    }

    void healthSaysWhenThereIsNoModel()
    {
        const Response response = get(QStringLiteral("/health"));
        QCOMPARE(response.status, 503);
        QCOMPARE(response.json()[QStringLiteral("status")].toString(), QStringLiteral("no_model"));
        QCOMPARE(
            post(QStringLiteral("/v1/chat/completions"), R"({"model":"x","messages":[{"role":"user","content":"a"}]})")
                .status,
            503);
    }

    void aLoadedModelIsListed()
    {
        QSignalSpy loaded(&m_model, &LocalModel::loaded);
        m_model.load(m_path, { 256, 1, 1 });
        QVERIFY(loaded.wait(20000));
        QCOMPARE(get(QStringLiteral("/health")).json()[QStringLiteral("status")].toString(), QStringLiteral("ready"));
        const QJsonArray data = get(QStringLiteral("/v1/models")).json()[QStringLiteral("data")].toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data.first().toObject()[QStringLiteral("id")].toString(), QStringLiteral("tiny-api"));
        QCOMPARE(get(QStringLiteral("/v1/models/tiny-api")).status, 200);
        const Response missing = get(QStringLiteral("/v1/models/gpt-4"));
        QCOMPARE(missing.status, 404);
        const QJsonObject error = missing.json()[QStringLiteral("error")].toObject();
        QCOMPARE(error[QStringLiteral("code")].toString(), QStringLiteral("model_not_found"));
        QVERIFY(error.contains(QStringLiteral("message")) && error.contains(QStringLiteral("type"))
            && error.contains(QStringLiteral("param")));
    }

    void aWholeAnswer()
    {
        m_backend.pieces = { QStringLiteral("Hello"), QStringLiteral(" world") };
        const Response response = post(QStringLiteral("/v1/chat/completions"),
            R"({"model": "tiny-api", "messages": [{"role": "system", "content": "Be kind."},
                {"role": "user", "content": [{"type": "text", "text": "Hi"}]}],
                "temperature": 0.3, "max_tokens": 20, "seed": 4, "unknown_field": true})");
        QCOMPARE(response.status, 200);
        const QJsonObject json = response.json();
        QCOMPARE(json[QStringLiteral("object")].toString(), QStringLiteral("chat.completion"));
        const QJsonObject choice = json[QStringLiteral("choices")].toArray().first().toObject();
        QCOMPARE(choice[QStringLiteral("message")].toObject()[QStringLiteral("content")].toString(),
            QStringLiteral("Hello world"));
        QCOMPARE(choice[QStringLiteral("finish_reason")].toString(), QStringLiteral("stop"));
        QCOMPARE(json[QStringLiteral("usage")].toObject()[QStringLiteral("completion_tokens")].toInt(), 7);
        const ChatRequest& request = m_backend.requests.last();
        QCOMPARE(request.systemPrompt, QStringLiteral("Be kind."));
        QCOMPARE(request.messages.first().content, QStringLiteral("Hi"));
        QCOMPARE(request.sampling.temperature, 0.3);
        QCOMPARE(request.sampling.maxTokens, 20);
        QCOMPARE(*request.sampling.seed, 4);
    }

    void stopsAndPenaltiesReachTheEngine()
    {
        m_backend.pieces = { QStringLiteral("ok") };
        const Response response = post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], "
            "\"stop\": [\"\\n\\n\", \"END\"], \"presence_penalty\": 0.5, \"frequency_penalty\": -0.25, \"n\": 1, "
            "\"max_completion_tokens\": 9}");
        QCOMPARE(response.status, 200);
        const ChatRequest& request = m_backend.requests.last();
        QCOMPARE(request.stop, (QStringList { QStringLiteral("\n\n"), QStringLiteral("END") }));
        QCOMPARE(request.presencePenalty, 0.5);
        QCOMPARE(request.frequencyPenalty, -0.25);
        QCOMPARE(request.sampling.maxTokens, 9);
        post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"stop\": \"###\"}");
        QCOMPARE(m_backend.requests.last().stop, QStringList { QStringLiteral("###") });
    }

    void aRawPromptIsContinued()
    {
        m_backend.pieces = { QStringLiteral(" Paris"), QStringLiteral(".") };
        const Response whole = post(QStringLiteral("/v1/completions"),
            "{\"model\": \"tiny-api\", \"prompt\": [\"The capital of France is\"], \"max_tokens\": 3}");
        QCOMPARE(whole.status, 200);
        QCOMPARE(whole.json()[QStringLiteral("object")].toString(), QStringLiteral("text_completion"));
        const QJsonObject choice = whole.json()[QStringLiteral("choices")].toArray().first().toObject();
        QCOMPARE(choice[QStringLiteral("text")].toString(), QStringLiteral(" Paris."));
        QCOMPARE(m_backend.requests.last().rawPrompt, QStringLiteral("The capital of France is"));
        QVERIFY(m_backend.requests.last().messages.isEmpty());

        const Response streamed = post(QStringLiteral("/v1/completions"),
            "{\"model\": \"tiny-api\", \"prompt\": \"The capital of France is\", \"stream\": true}");
        QCOMPARE(streamed.status, 200);
        QString text;
        for (const QByteArray& line : streamed.body.split('\n'))
            if (line.startsWith("data: {"))
                text += QJsonDocument::fromJson(line.mid(6))
                            .object()[QStringLiteral("choices")]
                            .toArray()
                            .first()
                            .toObject()[QStringLiteral("text")]
                            .toString();
        QCOMPARE(text, QStringLiteral(" Paris."));
        QVERIFY(streamed.body.contains("data: [DONE]"));

        const Response two
            = post(QStringLiteral("/v1/completions"), "{\"model\": \"tiny-api\", \"prompt\": [\"one\", \"two\"]}");
        QCOMPARE(two.status, 400);
        QCOMPARE(two.json()[QStringLiteral("error")].toObject()[QStringLiteral("param")].toString(),
            QStringLiteral("prompt"));
    }

    void aStreamedAnswer()
    {
        m_backend.pieces = { QStringLiteral("Bon"), QStringLiteral("jour") };
        const Response response = post(QStringLiteral("/v1/chat/completions"),
            R"({"model": "tiny-api", "messages": [{"role": "user", "content": "Hi"}], "stream": true,
                "stream_options": {"include_usage": true}})");
        QCOMPARE(response.status, 200);
        QStringList contents;
        QString finish;
        bool usage = false;
        bool done = false;
        for (const QByteArray& line : response.body.split('\n')) {
            if (!line.startsWith("data: "))
                continue;
            const QByteArray data = line.mid(6);
            if (data == "[DONE]") {
                done = true;
                continue;
            }
            const QJsonObject chunk = QJsonDocument::fromJson(data).object();
            QCOMPARE(chunk[QStringLiteral("object")].toString(), QStringLiteral("chat.completion.chunk"));
            usage = usage || chunk.contains(QStringLiteral("usage"));
            const QJsonArray choices = chunk[QStringLiteral("choices")].toArray();
            if (choices.isEmpty())
                continue;
            const QJsonObject choice = choices.first().toObject();
            const QString content = choice[QStringLiteral("delta")].toObject()[QStringLiteral("content")].toString();
            if (!content.isEmpty())
                contents << content;
            if (choice[QStringLiteral("finish_reason")].isString())
                finish = choice[QStringLiteral("finish_reason")].toString();
        }
        QCOMPARE(contents.join(QString()), QStringLiteral("Bonjour"));
        QCOMPARE(finish, QStringLiteral("stop"));
        QVERIFY(usage);
        QVERIFY(done);
    }

    void badRequestsGetOpenAiErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("param");
        QTest::newRow("not json") << QByteArray("{\"model\":") << 400 << QString();
        QTest::newRow("no messages") << QByteArray(R"({"model":"tiny-api"})") << 400 << QStringLiteral("messages");
        QTest::newRow("unknown model") << QByteArray(R"({"model":"gpt-4","messages":[{"role":"user","content":"a"}]})")
                                       << 404 << QStringLiteral("model");
        // Plain literals: moc does not read raw strings built up like these.
        const auto with = [](const char* field) {
            return QByteArray("{\"model\":\"tiny-api\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],") + field
                + "}";
        };
        QTest::newRow("temperature") << with("\"temperature\": 3") << 400 << QStringLiteral("temperature");
        QTest::newRow("temperature type") << with("\"temperature\": \"hot\"") << 400 << QStringLiteral("temperature");
        QTest::newRow("top_p") << with("\"top_p\": 1.5") << 400 << QStringLiteral("top_p");
        QTest::newRow("max_tokens") << with("\"max_tokens\": 0") << 400 << QStringLiteral("max_tokens");
        QTest::newRow("max_tokens fraction") << with("\"max_tokens\": 2.5") << 400 << QStringLiteral("max_tokens");
        QTest::newRow("n") << with("\"n\": 2") << 400 << QStringLiteral("n");
        QTest::newRow("stop count") << with("\"stop\": [\"a\",\"b\",\"c\",\"d\",\"e\"]") << 400
                                    << QStringLiteral("stop");
        QTest::newRow("stop type") << with("\"stop\": 7") << 400 << QStringLiteral("stop");
        QTest::newRow("seed too large") << with("\"seed\": 1e300") << 400 << QStringLiteral("seed");
        QTest::newRow("seed fraction") << with("\"seed\": 1.5") << 400 << QStringLiteral("seed");
        QTest::newRow("message without content")
            << QByteArray("{\"model\":\"tiny-api\",\"messages\":[{\"role\":\"system\"}]}") << 400
            << QStringLiteral("messages");
        QTest::newRow("penalty") << with("\"presence_penalty\": -3") << 400 << QStringLiteral("presence_penalty");
        QTest::newRow("stream type") << with("\"stream\": \"yes\"") << 400 << QStringLiteral("stream");
        QTest::newRow("unenforceable schema")
            << with("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"x\", \"schema\": "
                    "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\", \"pattern\": \"^a\"}}}}}")
            << 400 << QStringLiteral("response_format");
        QTest::newRow("image part") << QByteArray(
            "{\"model\":\"tiny-api\",\"messages\":[{\"role\":\"user\",\"content\":["
            "{\"type\":\"text\",\"text\":\"what is this?\"},{\"type\":\"image_url\","
            "\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}]}")
                                    << 400 << QStringLiteral("messages");
        QTest::newRow("audio part") << QByteArray(
            "{\"model\":\"tiny-api\",\"messages\":[{\"role\":\"user\",\"content\":["
            "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\"}}]}]}")
                                    << 400 << QStringLiteral("messages");
    }

    void badRequestsGetOpenAiErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, param);
        const Response response = post(QStringLiteral("/v1/chat/completions"), body);
        QCOMPARE(response.status, status);
        const QJsonObject error = response.json()[QStringLiteral("error")].toObject();
        QCOMPARE(error[QStringLiteral("type")].toString(), QStringLiteral("invalid_request_error"));
        QCOMPARE(error[QStringLiteral("param")].toString(), param);
        QVERIFY(!error[QStringLiteral("message")].toString().isEmpty());
    }

    void aClientThatLeavesCancelsItsAnswer()
    {
        m_backend.pieces.clear();
        for (int i = 0; i < 100000; ++i)
            m_backend.pieces << QStringLiteral("x");
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray body = R"({"model":"tiny-api","messages":[{"role":"user","content":"go"}],"stream":true})";
        socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     "Content-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QTRY_VERIFY_WITH_TIMEOUT(socket.bytesAvailable() > 200, 10000);
        const qsizetype requests = m_backend.replies.size();
        QVERIFY(requests > 0);
        socket.abort();
        QPointer<ChatReply> reply = m_backend.replies.last();
        QTRY_VERIFY_WITH_TIMEOUT(reply.isNull() || reply->isFinished(), 10000);
        // It stopped well before the 100000 pieces it had.
        m_backend.pieces.clear();
    }

    void oversizeBodiesAndTooManyRequestsAreRefused()
    {
        ApiServer limited(m_model, m_backend);
        limited.setLimits(1024, 1);
        const quint16 port = limited.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        const auto request = [port] {
            QNetworkRequest r(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(port)));
            r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            return r;
        };
        const QByteArray big = "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \""
            + QByteArray(4096, 'x') + "\"}]}";
        QCOMPARE(send(request(), big, true).status, 413);

        m_backend.pieces.clear();
        for (int i = 0; i < 100000; ++i)
            m_backend.pieces << QStringLiteral("x");
        const QByteArray streamed
            = "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"stream\": true}";
        QNetworkReply* first = m_network.post(request(), streamed);
        QTRY_COMPARE_WITH_TIMEOUT(limited.requestsInFlight(), 1, 10000);
        QNetworkReply* second = m_network.post(request(), streamed);
        QSignalSpy refused(second, &QNetworkReply::finished);
        QVERIFY(refused.wait(10000));
        QCOMPARE(second->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
        QCOMPARE(second->rawHeader("Retry-After"), QByteArray("1"));
        first->abort();
        QTRY_COMPARE_WITH_TIMEOUT(limited.requestsInFlight(), 0, 10000);
        first->deleteLater();
        second->deleteLater();
        m_backend.pieces.clear();
    }

    void withKeysOnlyTheirHoldersGetIn()
    {
        ApiServer guarded(m_model, m_backend);
        guarded.setApiKeys({ ApiKey::fromSecret(QStringLiteral("team a"), "sk-team-a"),
            ApiKey::fromSecret(QStringLiteral("team b"), "sk-team-b") });
        const quint16 port = guarded.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        const auto request = [port](const QString& path, const QByteArray& key) {
            QNetworkRequest r(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
            if (!key.isEmpty())
                r.setRawHeader("Authorization", "Bearer " + key);
            return r;
        };
        QCOMPARE(send(request(QStringLiteral("/v1/models"), {}), {}, false).status, 401);
        const Response wrong = send(request(QStringLiteral("/v1/models"), "sk-guess"), {}, false);
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.json()[QStringLiteral("error")].toObject()[QStringLiteral("code")].toString(),
            QStringLiteral("invalid_api_key"));
        QCOMPARE(send(request(QStringLiteral("/v1/models"), "sk-team-b"), {}, false).status, 200);
        for (const QByteArray& scheme : { QByteArray("bearer"), QByteArray("BEARER") }) {
            QNetworkRequest lower = request(QStringLiteral("/v1/models"), {});
            lower.setRawHeader("Authorization", scheme + " sk-team-a");
            QCOMPARE(send(lower, {}, false).status, 200);
        }
        QNetworkRequest basic = request(QStringLiteral("/v1/models"), {});
        basic.setRawHeader("Authorization", "Basic sk-team-a");
        QCOMPARE(send(basic, {}, false).status, 401);
        // Load balancers probe health without a key.
        QCOMPARE(send(request(QStringLiteral("/health"), {}), {}, false).status, 200);

        // The key is checked from the head: a body promised and never sent
        // is not waited for, let alone read.
        test::RawHttpClient client(port);
        client.write("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     "Content-Length: 4000000\r\n\r\n");
        const auto refused = client.answer(5000);
        QVERIFY(refused);
        QCOMPARE(refused->status, 401);
        QVERIFY(refused->body.contains("invalid_api_key"));
    }

    void wrongKeysFromOneAddressAreAnsweredEverMoreSlowly()
    {
        ApiServer guarded(m_model, m_backend);
        guarded.setApiKeys({ ApiKey::fromSecret(QStringLiteral("team"), "sk-team") });
        const quint16 port = guarded.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        QNetworkRequest guess(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/models").arg(port)));
        guess.setRawHeader("Authorization", "Bearer sk-guess");
        for (int i = 0; i < FailedKeyAttempts::freeFailures; ++i)
            QCOMPARE(send(guess, {}, false).status, 401);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(send(guess, {}, false).status, 401);
        QVERIFY2(
            clock.elapsed() >= FailedKeyAttempts::firstDelayMs * 9 / 10, qPrintable(QString::number(clock.elapsed())));
        // The right key still gets in from the same address.
        QNetworkRequest right = guess;
        right.setRawHeader("Authorization", "Bearer sk-team");
        QCOMPARE(send(right, {}, false).status, 200);
    }

    void toolCallsComeBackAsToolCalls()
    {
        const QByteArray tools = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
                                 "\"description\": \"Weather in a city\", \"parameters\": {\"type\": \"object\", "
                                 "\"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}]";
        const QByteArray conversation
            = "\"messages\": [{\"role\": \"user\", \"content\": \"Weather in Paris?\"}, {\"role\": \"assistant\", "
              "\"content\": null, \"tool_calls\": [{\"id\": \"call_1\", \"type\": \"function\", \"function\": "
              "{\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\": \\\"Lyon\\\"}\"}}]}, {\"role\": \"tool\", "
              "\"tool_call_id\": \"call_1\", \"content\": \"12 C\"}, {\"role\": \"user\", \"content\": \"And "
              "Paris?\"}]";
        m_backend.pieces = { QStringLiteral("<tool_call>\n{\"name\": \"get_"),
            QStringLiteral("weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>") };
        const Response whole = post(
            QStringLiteral("/v1/chat/completions"), "{\"model\": \"tiny-api\", " + conversation + ", " + tools + "}");
        QCOMPARE(whole.status, 200);
        const QJsonObject choice = whole.json()[QStringLiteral("choices")].toArray().first().toObject();
        QCOMPARE(choice[QStringLiteral("finish_reason")].toString(), QStringLiteral("tool_calls"));
        const QJsonObject message = choice[QStringLiteral("message")].toObject();
        QVERIFY(message[QStringLiteral("content")].isNull());
        const QJsonObject call = message[QStringLiteral("tool_calls")].toArray().first().toObject();
        QVERIFY(call[QStringLiteral("id")].toString().startsWith(QStringLiteral("call_")));
        QCOMPARE(call[QStringLiteral("function")].toObject()[QStringLiteral("name")].toString(),
            QStringLiteral("get_weather"));
        QCOMPARE(call[QStringLiteral("function")].toObject()[QStringLiteral("arguments")].toString(),
            QStringLiteral("{\"city\":\"Paris\"}"));
        // The backend got the tools and the whole conversation, tool turns included.
        const ChatRequest& request = m_backend.requests.last();
        QCOMPARE(request.tools.size(), 1);
        QCOMPARE(request.openAiMessages.size(), 4);
        QVERIFY(!request.toolCallRequired);

        // Streamed: no piece of the call leaks as text; one tool_calls delta.
        const Response streamed = post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-api\", \"stream\": true, " + conversation + ", " + tools + "}");
        QString content;
        QJsonArray deltas;
        QString finish;
        for (const QByteArray& line : streamed.body.split('\n')) {
            if (!line.startsWith("data: {"))
                continue;
            const QJsonObject c
                = QJsonDocument::fromJson(line.mid(6)).object()[QStringLiteral("choices")].toArray().first().toObject();
            content += c[QStringLiteral("delta")].toObject()[QStringLiteral("content")].toString();
            for (const QJsonValue& d : c[QStringLiteral("delta")].toObject()[QStringLiteral("tool_calls")].toArray())
                deltas.append(d);
            if (c[QStringLiteral("finish_reason")].isString())
                finish = c[QStringLiteral("finish_reason")].toString();
        }
        QVERIFY2(content.isEmpty(), qPrintable(content));
        QCOMPARE(deltas.size(), 1);
        QCOMPARE(deltas.first().toObject()[QStringLiteral("index")].toInt(), 0);
        QCOMPARE(finish, QStringLiteral("tool_calls"));

        // tool_choice: a named function is required, one not offered refused.
        m_backend.pieces = { QStringLiteral("{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}") };
        const Response forced = post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-api\", " + conversation + ", " + tools
                + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"get_weather\"}}}");
        QCOMPARE(forced.status, 200);
        QVERIFY(m_backend.requests.last().toolCallRequired);
        QVERIFY(m_backend.requests.last().outputSchema != nullptr);
        const Response unknown = post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-api\", " + conversation + ", " + tools
                + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"launch\"}}}");
        QCOMPARE(unknown.status, 400);
        QCOMPARE(unknown.json()[QStringLiteral("error")].toObject()[QStringLiteral("param")].toString(),
            QStringLiteral("tool_choice"));
        m_backend.pieces.clear();
    }

    void keysHaveTheirOwnRateLimits()
    {
        ApiKey slow = ApiKey::fromSecret(QStringLiteral("slow team"), "sk-slow");
        slow.requestsPerMinute = 2;
        ApiKey thrifty = ApiKey::fromSecret(QStringLiteral("thrifty team"), "sk-thrifty");
        thrifty.tokensPerMinute = 5;
        const ApiKey free = ApiKey::fromSecret(QStringLiteral("free team"), "sk-free");
        ApiServer limited(m_model, m_backend);
        limited.setApiKeys({ slow, thrifty, free });
        test::HttpTestClient client(limited.listen(QHostAddress::LocalHost, 0));
        client.setApiKey("sk-slow");
        QCOMPARE(client.get(QStringLiteral("/v1/models")).status, 200);
        QCOMPARE(client.get(QStringLiteral("/v1/models")).status, 200);
        const Response refused = client.get(QStringLiteral("/v1/models"));
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.json()[QStringLiteral("error")].toObject()[QStringLiteral("code")].toString(),
            QStringLiteral("rate_limit_exceeded"));
        const int retryAfter = refused.header("Retry-After").toInt();
        QVERIFY(retryAfter >= 1 && retryAfter <= 60);
        client.setApiKey("sk-free");
        QCOMPARE(client.get(QStringLiteral("/v1/models")).status, 200);

        // A key over its tokens per minute is refused from its next request on.
        client.setApiKey("sk-thrifty");
        m_backend.pieces = { QStringLiteral("ok") };
        const QByteArray chat = "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}";
        QCOMPARE(client.post(QStringLiteral("/v1/chat/completions"), chat).status, 200); // 7 tokens
        // Its answer could not have been longer than the key's minute allows.
        QCOMPARE(m_backend.requests.last().sampling.maxTokens, 4); // 5, less the prompt's 1
        QCOMPARE(client.post(QStringLiteral("/v1/chat/completions"), chat).status, 429);
        QCOMPARE(client.get(QStringLiteral("/v1/models")).status, 429);
    }

    void browsersNeedAnAllowedOrigin()
    {
        ApiServer server(m_model, m_backend);
        ServerConfig config;
        config.corsOrigins = { QStringLiteral("https://notebook.example") };
        server.configure(config);
        test::HttpTestClient client(server.listen(QHostAddress::LocalHost, 0));
        QNetworkRequest preflight = client.request(QStringLiteral("/v1/chat/completions"));
        preflight.setRawHeader("Origin", "https://notebook.example");
        preflight.setRawHeader("Access-Control-Request-Method", "POST");
        preflight.setRawHeader("Access-Control-Request-Headers", "authorization, content-type");
        const Response allowed = client.send(preflight, {}, "OPTIONS");
        QCOMPARE(allowed.status, 204);
        QCOMPARE(allowed.header("Access-Control-Allow-Origin"), QByteArray("https://notebook.example"));
        QVERIFY(allowed.header("Access-Control-Allow-Methods").contains("POST"));
        QCOMPARE(allowed.header("Access-Control-Allow-Headers"), QByteArray("authorization, content-type"));
        preflight.setRawHeader("Origin", "https://elsewhere.example");
        const Response refused = client.send(preflight, {}, "OPTIONS");
        QCOMPARE(refused.status, 403);
        QVERIFY(refused.header("Access-Control-Allow-Origin").isEmpty());

        QNetworkRequest get = client.request(QStringLiteral("/v1/models"));
        get.setRawHeader("Origin", "https://notebook.example");
        QCOMPARE(
            client.send(get, {}, "GET").header("Access-Control-Allow-Origin"), QByteArray("https://notebook.example"));
        // Off by default.
        get.setUrl(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/models").arg(m_port)));
        QVERIFY(client.send(get, {}, "GET").header("Access-Control-Allow-Origin").isEmpty());
    }

    void unknownPathsGetAJsonError()
    {
        const Response response = get(QStringLiteral("/v1/engines"));
        QCOMPARE(response.status, 404);
        QCOMPARE(response.json()[QStringLiteral("error")].toObject()[QStringLiteral("code")].toString(),
            QStringLiteral("unknown_url"));
    }

    // Without keys, a loopback server's guard is that only this machine
    // reaches it: a page under another name that resolves to 127.0.0.1 (DNS
    // rebinding) and a blind cross-site form post are turned away.
    void aKeylessLoopbackServerAnswersOnlyItsOwnPages()
    {
        const QByteArray body = R"({"model":"tiny-api","messages":[{"role":"user","content":"a"}]})";
        const auto statusOf = [this, &body](const QByteArray& host, const QByteArray& type) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_port);
            if (!socket.waitForConnected(5000))
                return QByteArray("no connection");
            socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + type
                + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            // The server answers on this thread: wait with its events running.
            QByteArray response;
            QElapsedTimer waited;
            waited.start();
            while (!response.contains("\r\n") && waited.elapsed() < 10000) {
                QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
                response += socket.readAll();
            }
            return response.left(response.indexOf("\r\n")).split(' ').value(1);
        };
        m_backend.pieces = { QStringLiteral("ok") };
        QCOMPARE(statusOf("attacker.example", "application/json"), QByteArray("403"));
        QCOMPARE(statusOf("attacker.example:" + QByteArray::number(m_port), "application/json"), QByteArray("403"));
        QCOMPARE(statusOf("localhost", "text/plain"), QByteArray("415"));
        QCOMPARE(statusOf("localhost", "application/x-www-form-urlencoded"), QByteArray("415"));
        QCOMPARE(statusOf("localhost:" + QByteArray::number(m_port), "application/json"), QByteArray("200"));
        QCOMPARE(statusOf("127.0.0.1", "application/json; charset=utf-8"), QByteArray("200"));
        QCOMPARE(statusOf("[::1]:80", "application/json"), QByteArray("200"));
    }

    // A path with an encoded line break must not forge a line in the request log.
    void pathsAreLoggedAsSent()
    {
        QSignalSpy records(m_server.get(), &ApiServer::requestFinished);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /v1/x%0A2026-01-01T00:00:00Z%20admin%20POST%20/v1/keys HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(records.size(), 1, 10000);
        const auto record = records.last().first().value<RequestRecord>();
        QCOMPARE(record.status, 404);
        QCOMPARE(record.path, QStringLiteral("/v1/x%0A2026-01-01T00:00:00Z%20admin%20POST%20/v1/keys"));
    }

    void aConversationLongerThanTheContextGets422()
    {
        m_backend.error = QStringLiteral("The conversation has 9000 tokens but the model's context holds 8192");
        m_backend.errorCode = QStringLiteral("context_length_exceeded");
        const Response response = post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"long\"}]}");
        // Streamed too: an error before the first token is a plain 422, not a 200 stream that fails.
        const Response streamed = post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"long\"}], "
            "\"stream\": true}");
        m_backend.error.clear();
        m_backend.errorCode.clear();
        for (const Response& answer : { response, streamed }) {
            QCOMPARE(answer.status, 422);
            QCOMPARE(answer.json()[QStringLiteral("error")].toObject()[QStringLiteral("code")].toString(),
                QStringLiteral("context_length_exceeded"));
        }
        QVERIFY(streamed.header("Content-Type").startsWith("application/json"));
    }

    void metricsAndRecordsAgreeWithWhatWasSent()
    {
        ApiServer server(m_model, m_backend);
        QSignalSpy records(&server, &ApiServer::requestFinished);
        test::HttpTestClient client(server.listen(QHostAddress::LocalHost, 0));
        m_backend.pieces = { QStringLiteral("a"), QStringLiteral("b") };
        const QByteArray chat = "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}";
        for (int i = 0; i < 3; ++i)
            QCOMPARE(client.post(QStringLiteral("/v1/chat/completions"), chat).status, 200);
        QCOMPARE(client.post(QStringLiteral("/v1/chat/completions"), "{\"model\": \"tiny-api\"}").status, 400);
        QCOMPARE(client.get(QStringLiteral("/nothing")).status, 404);
        const Response metrics = client.get(QStringLiteral("/metrics"));
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.header("Content-Type").startsWith("text/plain"));
        const QString text = QString::fromUtf8(metrics.body);
        QVERIFY2(text.contains(
                     QStringLiteral("hearth_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"} 3\n")),
            qPrintable(text));
        QVERIFY(text.contains(
            QStringLiteral("hearth_requests_total{endpoint=\"/v1/chat/completions\",status=\"400\"} 1\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_requests_total{endpoint=\"other\",status=\"404\"} 1\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_completion_tokens_total 21\n"))); // 7 each
        QVERIFY(text.contains(QStringLiteral("hearth_request_duration_seconds_count 3\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_model_loaded 1\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_kv_cache_capacity_tokens 256\n")));
        QCOMPARE(records.size(), 6); // the five, and /metrics itself
        const auto first = records.first().first().value<RequestRecord>();
        QCOMPARE(first.path, QStringLiteral("/v1/chat/completions"));
        QCOMPARE(first.method, QStringLiteral("POST"));
        QCOMPARE(first.model, QStringLiteral("tiny-api"));
        QCOMPARE(first.status, 200);
        QCOMPARE(first.completionTokens, 7);
        QVERIFY(first.prompt.isEmpty() && first.answer.isEmpty()); // no text unless asked for
    }

    void answersAreRedactedAcrossPieces()
    {
        ApiServer server(m_model, m_backend);
        ServerConfig config;
        config.redactionPatterns = OutputRedactor::defaultPatterns();
        config.recordText = true;
        server.configure(config);
        QSignalSpy records(&server, &ApiServer::requestFinished);
        test::HttpTestClient client(server.listen(QHostAddress::LocalHost, 0));
        m_backend.pieces = { QStringLiteral("Call 138"), QStringLiteral("0013"),
            QStringLiteral("8000 or see ID 1101051949"), QStringLiteral("1231002X."), QStringLiteral(" Bye") };
        const QByteArray body = "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
                                "\"stream\": true}";
        const Response streamed = client.post(QStringLiteral("/v1/chat/completions"), body);
        QCOMPARE(streamed.status, 200);
        QString text;
        for (const QString& piece : streamedPieces(streamed.body)) {
            QVERIFY2(
                !piece.contains(QStringLiteral("138")) && !piece.contains(QStringLiteral("1949")), qPrintable(piece));
            text += piece;
        }
        const QString expected = QStringLiteral("Call [REDACTED] or see ID [REDACTED]. Bye");
        QCOMPARE(text, expected);
        const Response whole = client.post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}");
        QCOMPARE(messageContent(whole), expected);
        // Tokens and their alternatives would show what redaction hides.
        const Response logprobs = client.post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
            "\"logprobs\": true}");
        QCOMPARE(logprobs.status, 400);
        QCOMPARE(logprobs.json()[QStringLiteral("error")].toObject()[QStringLiteral("param")].toString(),
            QStringLiteral("logprobs"));
        // The audit record keeps what the client saw, and the prompt, when asked to.
        QTRY_COMPARE(records.size(), 3);
        const auto record = records.first().first().value<RequestRecord>();
        QCOMPARE(record.answer, expected);
        QVERIFY(record.prompt.contains(QStringLiteral("\"content\":\"x\"")));
        QVERIFY(record.streamed);

        // An answer cut by max_tokens in the middle of a number shows none of it.
        m_backend.pieces = { QStringLiteral("Call 138"), QStringLiteral("00138") };
        m_backend.finishReason = QStringLiteral("length");
        const Response cut = client.post(QStringLiteral("/v1/chat/completions"), body);
        QCOMPARE(streamedPieces(cut.body).join(QString()), QStringLiteral("Call [REDACTED]"));
        m_backend.finishReason = QStringLiteral("stop");
        m_backend.stoppedByString = true;
        const Response stopped = client.post(QStringLiteral("/v1/chat/completions"),
            "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}");
        QCOMPARE(messageContent(stopped), QStringLiteral("Call [REDACTED]"));
        m_backend.stoppedByString = false;

        // Stop strings are matched on the redacted text, here, not by the
        // engine: stopping at "138" would tell how a hidden number starts.
        m_backend.pieces = { QStringLiteral("Call 138"), QStringLiteral("00138000 now"), QStringLiteral(". Then"),
            QStringLiteral(" more") };
        for (const bool stream : { true, false }) {
            const QByteArray probe = "{\"model\": \"tiny-api\", \"messages\": [{\"role\": \"user\", \"content\": "
                                     "\"x\"}], \"stop\": [\"138\", \". Th\"], \"stream\": "
                + QByteArray(stream ? "true" : "false") + "}";
            const Response answer = client.post(QStringLiteral("/v1/chat/completions"), probe);
            QCOMPARE(answer.status, 200);
            QVERIFY(m_backend.requests.last().stop.isEmpty()); // the engine never sees them
            QString finish;
            if (stream) {
                QCOMPARE(streamedPieces(answer.body).join(QString()), QStringLiteral("Call [REDACTED] now"));
                QVERIFY(answer.body.contains("\"finish_reason\":\"stop\""));
                QVERIFY(answer.body.endsWith("data: [DONE]\n\n"));
            } else {
                QCOMPARE(messageContent(answer), QStringLiteral("Call [REDACTED] now"));
                QCOMPARE(answer.json()[QStringLiteral("choices")]
                             .toArray()
                             .first()[QStringLiteral("finish_reason")]
                             .toString(),
                    QStringLiteral("stop"));
            }
        }
    }

private:
    // A streamed chat answer's content pieces, event by event.
    static QStringList streamedPieces(const QByteArray& body)
    {
        QStringList pieces;
        for (const QByteArray& event : body.split('\n'))
            if (event.startsWith("data: {"))
                pieces << QJsonDocument::fromJson(event.mid(6))
                              .object()[QStringLiteral("choices")]
                              .toArray()
                              .first()
                              .toObject()[QStringLiteral("delta")]
                              .toObject()[QStringLiteral("content")]
                              .toString();
        return pieces;
    }
    // A whole chat answer's content.
    static QString messageContent(const Response& response)
    {
        return response.json()[QStringLiteral("choices")]
            .toArray()
            .first()
            .toObject()[QStringLiteral("message")]
            .toObject()[QStringLiteral("content")]
            .toString();
    }

    Response get(const QString& path) { return m_client.get(path); }
    Response post(const QString& path, const QByteArray& body) { return m_client.post(path, body); }
    Response send(const QNetworkRequest& request, const QByteArray& body, bool isPost)
    {
        return m_client.send(request, body, isPost ? "POST" : "GET");
    }

    QTemporaryDir m_dir;
    QString m_path;
    LocalModel m_model;
    test::ScriptedChatBackend m_backend;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
    test::HttpTestClient m_client;
    QNetworkAccessManager& m_network = m_client.network();
};

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_api_server.moc"
