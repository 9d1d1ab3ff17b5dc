// The HTTP layer under clients no library would be: slow, idle, greedy,
// pipelining, smuggling. Each limit is set small so that a test takes
// milliseconds; the answers are read as framed on the wire.
#include <QElapsedTimer>
#include <QTimer>
#include <QtTest>

#include "app/http/http_responder.h"
#include "app/http/http_server.h"
#include "tests/support/raw_http_client.h"

using namespace hearth::app;
using hearth::test::RawHttpClient;

class TestHttpServer : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_server = std::make_unique<HttpServer>();
        HttpLimits limits;
        limits.headerTimeoutMs = 300;
        limits.bodyTimeoutMs = 300;
        limits.idleTimeoutMs = 300;
        limits.maxTargetBytes = 1024;
        limits.maxHeaderBytes = 4096;
        limits.maxHeaders = 20;
        limits.maxBodyBytes = 10000;
        limits.maxConnectionsPerAddress = 3;
        m_server->setLimits(limits);
        m_answered.clear();
        m_vetted.clear();
        HttpHandlers handlers;
        handlers.vetHead = [this](HttpRequest& head) -> std::optional<HttpRefusal> {
            m_vetted << head.target;
            if (head.url.path() == QLatin1String("/private") && head.value("Authorization") != "let me in")
                return HttpRefusal { { 401, "text/plain", "key?", {} }, 0 };
            head.client = QStringLiteral("someone");
            return std::nullopt;
        };
        handlers.answer = [this](const HttpRequest& request, HttpResponder responder) {
            m_answered << request.target;
            const QString path = request.url.path();
            if (path == QLatin1String("/slow")) {
                auto* held = new HttpResponder(std::move(responder));
                QTimer::singleShot(200, this, [held] {
                    held->send({ 200, "text/plain", "slow", {} });
                    delete held;
                });
            } else if (path == QLatin1String("/stream")) {
                responder.startStream(200, { { "Content-Type", "text/event-stream" } });
                responder.write("data: 1\n\n");
                responder.write("data: 2\n\n");
                responder.endStream();
            } else if (path == QLatin1String("/big")) {
                responder.send({ 200, "text/plain", QByteArray(32 << 20, 'x'), {} });
            } else if (path == QLatin1String("/drop")) {
                responder.startStream(200, {});
                responder.write("part");
            } else {
                responder.send({ 200, "text/plain", request.body.isEmpty() ? path.toUtf8() : request.body,
                    { { "X-Client", request.client.toUtf8() } } });
            }
        };
        m_server->setHandlers(std::move(handlers));
        m_port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY(m_port);
    }

    void aKeepAliveConnectionCarriesRequestsOneAfterAnother()
    {
        RawHttpClient client(m_port);
        client.write("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
        auto first = client.answer();
        QVERIFY(first);
        QCOMPARE(first->status, 200);
        QCOMPARE(first->body, QByteArray("/one"));
        QCOMPARE(first->header("X-Client"), QByteArray("someone")); // the vetted head reaches the handler
        client.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        auto second = client.answer();
        QVERIFY(second);
        QCOMPARE(second->body, QByteArray("hello"));
        QVERIFY(!client.isClosed());
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        RawHttpClient client(m_port);
        client.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
        auto first = client.answer();
        auto second = client.answer();
        QVERIFY(first && second);
        QCOMPARE(first->body, QByteArray("slow"));
        QCOMPARE(second->body, QByteArray("/fast"));
        QCOMPARE(m_answered, QList<QByteArray>({ "/slow", "/fast" }));
    }

    void connectionCloseAndHttp10AreHonoured()
    {
        {
            RawHttpClient client(m_port);
            client.write("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            auto answer = client.answer();
            QVERIFY(answer);
            QCOMPARE(answer->header("Connection"), QByteArray("close"));
            QVERIFY(client.waitForClose(2000));
        }
        {
            RawHttpClient client(m_port);
            client.write("GET /b HTTP/1.0\r\n\r\n");
            auto answer = client.answer();
            QVERIFY(answer);
            QCOMPARE(answer->body, QByteArray("/b"));
            QVERIFY(client.waitForClose(2000));
        }
        {
            RawHttpClient client(m_port);
            client.write("GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            auto answer = client.answer();
            QVERIFY(answer);
            QCOMPARE(answer->header("Connection"), QByteArray("keep-alive"));
            QTest::qWait(100);
            QVERIFY(!client.isClosed());
        }
    }

    void streamsAreChunkedOnHttp11AndEndWithTheConnectionOnHttp10()
    {
        RawHttpClient chunked(m_port);
        chunked.write("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
        auto answer = chunked.answer();
        QVERIFY(answer);
        QCOMPARE(answer->header("Transfer-Encoding"), QByteArray("chunked"));
        QCOMPARE(answer->body, QByteArray("data: 1\n\ndata: 2\n\n"));
        chunked.write("GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
        auto after = chunked.answer();
        QVERIFY(after);
        QCOMPARE(after->body, QByteArray("/after"));

        RawHttpClient old(m_port);
        old.write("GET /stream HTTP/1.0\r\n\r\n");
        QVERIFY(old.waitForClose(2000));
        answer = old.answer();
        QVERIFY(answer);
        QVERIFY(answer->header("Transfer-Encoding").isEmpty());
        QCOMPARE(answer->body, QByteArray("data: 1\n\ndata: 2\n\n"));
    }

    void anAnswerNeverCompletedClosesTheConnection()
    {
        RawHttpClient client(m_port);
        client.write("GET /drop HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(client.waitForClose(2000));
        QVERIFY(!client.answer()); // a cut chunked body is not a whole answer
    }

    void aHeadIsVettedBeforeItsBodyIsRead()
    {
        RawHttpClient client(m_port);
        // Promises a body it never sends: the refusal cannot have waited for it.
        client.write("POST /private HTTP/1.1\r\nHost: x\r\nContent-Length: 9000\r\n\r\n");
        auto answer = client.answer(2000);
        QVERIFY(answer);
        QCOMPARE(answer->status, 401);
        QCOMPARE(answer->header("Connection"), QByteArray("close"));
        QVERIFY(client.waitForClose(3000));
        QVERIFY(m_answered.isEmpty());

        RawHttpClient allowed(m_port);
        allowed.write("POST /private HTTP/1.1\r\nHost: x\r\nAuthorization: let me in\r\nContent-Length: 2\r\n\r\nok");
        answer = allowed.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
    }

    void aLargeBodyIsRefusedFromItsLength()
    {
        RawHttpClient declared(m_port);
        declared.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 400000000\r\n\r\n");
        auto answer = declared.answer(2000);
        QVERIFY(answer);
        QCOMPARE(answer->status, 413);
        // Refused after the head was vetted: a client without a key learns nothing of the limits.
        QCOMPARE(m_vetted, QList<QByteArray>({ "/echo" }));

        RawHttpClient chunked(m_port);
        chunked.write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 12 && !chunked.isClosed(); ++i) {
            chunked.write("3e8\r\n" + QByteArray(1000, 'x') + "\r\n");
            QTest::qWait(5);
        }
        answer = chunked.answer(2000);
        QVERIFY(answer);
        QCOMPARE(answer->status, 413);
        QVERIFY(m_answered.isEmpty());
    }

    void aChunkedBodyIsJoined()
    {
        RawHttpClient client(m_port);
        client.write(
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n");
        auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->body, QByteArray("hello"));
    }

    void requestSmugglingShapesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("two lengths") << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                                                   "Content-Length: 30\r\n\r\nok")
                                     << 400;
        QTest::newRow("length and chunked") << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                                                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                                            << 400;
        QTest::newRow("bad chunk size") << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                                      "\r\nzz\r\n")
                                        << 400;
        QTest::newRow("not http") << QByteArray("GARBAGE\r\n\r\n") << 400;
        QTest::newRow("binary") << QByteArray("\x00\xff\x01\xfe\r\n\r\n", 8) << 400;
        QTest::newRow("long target") << "GET /" + QByteArray(2000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n" << 414;
        QTest::newRow("large headers") << "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(5000, 'b') + "\r\n\r\n"
                                       << 431;
        QByteArray many = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 30; ++i)
            many += "X-" + QByteArray::number(i) + ": 1\r\n";
        QTest::newRow("many headers") << many + "\r\n" << 431;
    }

    void requestSmugglingShapesAreRefused()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        RawHttpClient client(m_port);
        client.write(request);
        auto answer = client.answer(2000);
        QVERIFY(answer);
        QCOMPARE(answer->status, status);
        QVERIFY(answer->body.size() < 512); // what was sent is not echoed back
        QVERIFY(client.waitForClose(3000));
        QVERIFY(m_answered.isEmpty());
    }

    void aSlowHeadGets408()
    {
        RawHttpClient client(m_port);
        QElapsedTimer clock;
        clock.start();
        client.write("GET / HTTP/1.1\r\nHo");
        // A byte every 50 ms keeps it going no longer than the head's deadline.
        while (!client.isClosed() && clock.elapsed() < 3000) {
            client.write("s");
            QTest::qWait(50);
        }
        QVERIFY(client.isClosed());
        auto answer = client.answer(100);
        QVERIFY(answer);
        QCOMPARE(answer->status, 408);
        QVERIFY(m_answered.isEmpty());
    }

    void aSlowBodyGets408()
    {
        RawHttpClient client(m_port);
        client.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nsome");
        auto answer = client.answer(3000);
        QVERIFY(answer);
        QCOMPARE(answer->status, 408);
        QVERIFY(m_answered.isEmpty());
    }

    void anIdleConnectionIsClosed()
    {
        RawHttpClient silent(m_port);
        QVERIFY(silent.waitForClose(3000));
        QVERIFY(silent.unread().isEmpty());

        RawHttpClient afterAnswer(m_port);
        afterAnswer.write("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(afterAnswer.answer());
        QVERIFY(afterAnswer.waitForClose(3000));
    }

    void oneAddressHoldsOnlyItsShareOfConnections()
    {
        std::vector<std::unique_ptr<RawHttpClient>> held;
        for (int i = 0; i < 3; ++i)
            held.push_back(std::make_unique<RawHttpClient>(m_port));
        QTRY_COMPARE(m_server->connectionCount(), 3);
        RawHttpClient extra(m_port);
        auto refused = extra.answer(2000);
        QVERIFY(refused);
        QCOMPARE(refused->status, 503);
        QVERIFY(extra.waitForClose(2000));
        held.pop_back();
        QTRY_COMPARE(m_server->connectionCount(), 2);
        RawHttpClient next(m_port);
        next.write("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
        auto answer = next.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
    }

    void aSlowReaderGetsAllOfALargeAnswerBeforeTheClose()
    {
        // Default deadlines: the closing linger (2 s) must not cut an
        // answer the client is still reading.
        HttpServer server;
        HttpHandlers handlers;
        handlers.answer = [](const HttpRequest&, HttpResponder responder) {
            responder.send({ 200, "text/plain", QByteArray(32 << 20, 'x'), {} });
        };
        server.setHandlers(std::move(handlers));
        const quint16 port = server.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        QTcpSocket client;
        client.setReadBufferSize(64 << 10); // reads nothing more until asked
        client.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(client.waitForConnected(5000));
        client.write("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QTest::qWait(3000); // longer than the linger, reading nothing
        QByteArray received;
        QElapsedTimer clock;
        clock.start();
        const qsizetype whole = qsizetype(32) << 20;
        qsizetype head = -1;
        while (clock.elapsed() < 20000 && (head < 0 || received.size() - head - 4 < whole)) {
            received += client.readAll();
            head = received.indexOf("\r\n\r\n");
            if (client.state() != QAbstractSocket::ConnectedState && client.bytesAvailable() == 0)
                break;
            QTest::qWait(1);
        }
        received += client.readAll();
        QVERIFY(head > 0);
        QCOMPARE(received.size() - head - 4, whole);
    }

    void headAnswersHaveNoBody()
    {
        RawHttpClient client(m_port);
        client.write("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\nGET /y HTTP/1.1\r\nHost: x\r\n\r\n");
        auto head = client.answer(5000, true);
        QVERIFY(head);
        QCOMPARE(head->header("Content-Length"), QByteArray("2"));
        auto next = client.answer();
        QVERIFY(next);
        QCOMPARE(next->body, QByteArray("/y"));
    }

    void aClientExpectingContinueIsToldToGoOn()
    {
        RawHttpClient client(m_port);
        client.write("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        auto interim = client.answer(2000);
        QVERIFY(interim);
        QCOMPARE(interim->status, 100);
        client.write("abc");
        auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->body, QByteArray("abc"));
    }

private:
    std::unique_ptr<HttpServer> m_server;
    quint16 m_port = 0;
    QList<QByteArray> m_answered;
    QList<QByteArray> m_vetted;
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_http_server.moc"
