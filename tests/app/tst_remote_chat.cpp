// RemoteChatBackend against a local server that answers like an
// OpenAI-compatible endpoint: streamed deltas split at odd places, usage,
// errors in the endpoint's words, an unreachable host, and cancelling.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

#include "app/chat/chat_reply.h"
#include "app/chat/remote_chat_backend.h"

using namespace hearth::app;

namespace {

// Reads one request, remembers it, then answers as `mode` says.
class FakeEndpoint : public QObject {
public:
    enum class Mode { Stream, Unauthorized, Endless };
    Mode mode = Mode::Stream;
    QJsonObject body;
    QByteArray authorization;
    QByteArray path;

    FakeEndpoint()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket* socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { receive(socket); });
        });
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server.serverPort())); }

private:
    void receive(QTcpSocket* socket)
    {
        m_request += socket->readAll();
        const qsizetype headerEnd = m_request.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QByteArray headers = m_request.left(headerEnd);
        qsizetype length = 0;
        for (const QByteArray& line : headers.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
            if (line.toLower().startsWith("authorization:"))
                authorization = line.mid(14).trimmed();
        }
        if (m_request.size() < headerEnd + 4 + length)
            return;
        path = headers.split(' ').value(1);
        body = QJsonDocument::fromJson(m_request.mid(headerEnd + 4, length)).object();
        m_request.clear();
        answer(socket);
    }

    void answer(QTcpSocket* socket)
    {
        if (mode == Mode::Unauthorized) {
            const QByteArray error = R"({"error": {"message": "Invalid API key", "type": "invalid_request_error"}})";
            socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(error.size()) + "\r\nConnection: close\r\n\r\n" + error);
            socket->disconnectFromHost();
            return;
        }
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
        if (mode == Mode::Endless) {
            auto* timer = new QTimer(socket);
            connect(timer, &QTimer::timeout, socket, [socket] {
                socket->write(R"(data: {"choices":[{"index":0,"delta":{"content":"more "}}]})"
                              "\n\n");
            });
            timer->start(5);
            return;
        }
        // Split inside an event and inside a multi-byte character's line.
        const QByteArray stream
            = R"(data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})"
              "\n\n"
              R"(data: {"choices":[{"index":0,"delta":{"content":"Bonjour"}}]})"
              "\n\n"
              R"(data: {"choices":[{"index":0,"delta":{"content":", ça va ?"},"finish_reason":"stop"}]})"
              "\n\n"
              R"(data: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":4}})"
              "\n\n"
              "data: [DONE]\n\n";
        for (qsizetype at = 0; at < stream.size(); at += 37)
            socket->write(stream.mid(at, 37));
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QByteArray m_request;
};

ChatRequest question()
{
    ChatRequest request;
    request.systemPrompt = QStringLiteral("Answer in French.");
    ChatMessage message;
    message.role = QStringLiteral("user");
    message.content = QStringLiteral("Hello");
    request.messages.append(message);
    request.sampling.temperature = 0.2;
    request.sampling.maxTokens = 64;
    request.sampling.seed = 5;
    return request;
}

} // namespace

class TestRemoteChat : public QObject {
    Q_OBJECT
private slots:
    void anAnswerStreamsFromTheEndpoint()
    {
        FakeEndpoint endpoint;
        RemoteChatBackend backend;
        backend.setEndpoint(
            { QStringLiteral("Team vLLM"), endpoint.url(), QStringLiteral("qwen2.5-72b"), QStringLiteral("sk-team") });
        QCOMPARE(backend.name(), QStringLiteral("Team vLLM"));
        QVERIFY(backend.unavailableReason().isEmpty());

        ChatReply* reply = backend.start(question(), this);
        QSignalSpy finished(reply, &ChatReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->text(), QStringLiteral("Bonjour, ça va ?"));
        QCOMPARE(reply->stats().finishReason, QStringLiteral("stop"));
        QCOMPARE(reply->stats().promptTokens, 12);
        QCOMPARE(reply->stats().completionTokens, 4);

        QCOMPARE(endpoint.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(endpoint.authorization, QByteArray("Bearer sk-team"));
        QCOMPARE(endpoint.body[QStringLiteral("model")].toString(), QStringLiteral("qwen2.5-72b"));
        QVERIFY(endpoint.body[QStringLiteral("stream")].toBool());
        QCOMPARE(endpoint.body[QStringLiteral("temperature")].toDouble(), 0.2);
        QCOMPARE(endpoint.body[QStringLiteral("max_tokens")].toInt(), 64);
        QCOMPARE(endpoint.body[QStringLiteral("seed")].toInt(), 5);
        const QJsonArray messages = endpoint.body[QStringLiteral("messages")].toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0].toObject()[QStringLiteral("role")].toString(), QStringLiteral("system"));
        QCOMPARE(messages[1].toObject()[QStringLiteral("content")].toString(), QStringLiteral("Hello"));
    }

    void theEndpointsErrorIsShownInItsWords()
    {
        FakeEndpoint endpoint;
        endpoint.mode = FakeEndpoint::Mode::Unauthorized;
        RemoteChatBackend backend;
        backend.setEndpoint({ {}, endpoint.url(), QStringLiteral("m"), QStringLiteral("wrong") });
        ChatReply* reply = backend.start(question(), this);
        QSignalSpy finished(reply, &ChatReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->stats().finishReason, QStringLiteral("error"));
        QVERIFY2(reply->stats().error.contains(QStringLiteral("401")), qPrintable(reply->stats().error));
        QVERIFY2(reply->stats().error.contains(QStringLiteral("Invalid API key")), qPrintable(reply->stats().error));
    }

    void anUnreachableEndpointSaysSo()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        RemoteChatBackend backend;
        backend.setEndpoint({ {}, QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port)), QStringLiteral("m"), {} });
        ChatReply* reply = backend.start(question(), this);
        QSignalSpy finished(reply, &ChatReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->stats().finishReason, QStringLiteral("error"));
        QVERIFY2(reply->stats().error.contains(QStringLiteral("Cannot reach")), qPrintable(reply->stats().error));
    }

    void cancellingStopsTheStream()
    {
        FakeEndpoint endpoint;
        endpoint.mode = FakeEndpoint::Mode::Endless;
        RemoteChatBackend backend;
        backend.setEndpoint({ {}, endpoint.url(), QStringLiteral("m"), {} });
        ChatReply* reply = backend.start(question(), this);
        QSignalSpy arrived(reply, &ChatReply::textArrived);
        QSignalSpy finished(reply, &ChatReply::finished);
        QVERIFY(arrived.wait(10000));
        reply->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(reply->stats().finishReason, QStringLiteral("cancelled"));
    }

    void anIncompleteEndpointIsRefusedUpFront()
    {
        RemoteChatBackend backend;
        QVERIFY(backend.unavailableReason().contains(QStringLiteral("address")));
        backend.setEndpoint({ {}, QUrl(QStringLiteral("http://server:8000/v1")), {}, {} });
        QVERIFY(backend.unavailableReason().contains(QStringLiteral("model")));
    }
};

QTEST_GUILESS_MAIN(TestRemoteChat)
#include "tst_remote_chat.moc"
