#include "app/loadtest/load_test.h"

#include "app/chat/chat_reply.h"

namespace hearth::app {

LoadTest::LoadTest(QObject* parent)
    : QObject(parent)
{ }

LoadTest::~LoadTest()
{
    m_running = false; // replies cancelled by their deletion report to nobody
    qDeleteAll(m_clients);
}

void LoadTest::start(const LoadTestConfig& config)
{
    cancel();
    qDeleteAll(m_clients);
    m_clients.clear();
    m_config = config;
    m_config.concurrency = std::clamp(config.concurrency, 1, std::max(1, config.requests));
    m_samples.clear();
    m_sent = 0;
    m_outstanding = 0;
    m_running = true;
    m_clock.start();
    for (int i = 0; i < m_config.concurrency; ++i) {
        auto* client = new RemoteChatBackend;
        client->setEndpoint(m_config.endpoint);
        m_clients << client;
    }
    if (m_config.requests <= 0) {
        finish();
        return;
    }
    for (RemoteChatBackend* client : std::as_const(m_clients))
        sendNext(client);
}

void LoadTest::cancel()
{
    if (!m_running)
        return;
    m_sent = m_config.requests; // nothing more goes out
    for (RemoteChatBackend* client : std::as_const(m_clients))
        for (ChatReply* reply : client->findChildren<ChatReply*>())
            reply->cancel();
}

void LoadTest::sendNext(RemoteChatBackend* client)
{
    if (m_sent >= m_config.requests)
        return;
    ++m_sent;
    ++m_outstanding;
    ChatRequest request;
    ChatMessage question;
    question.role = QStringLiteral("user");
    question.content = m_config.prompt;
    request.messages.append(question);
    request.sampling.maxTokens = m_config.maxTokens;
    QElapsedTimer clock;
    clock.start();
    ChatReply* reply = client->start(request, client);
    auto pieces = std::make_shared<int>(0);
    connect(reply, &ChatReply::textArrived, this, [pieces] { ++*pieces; });
    connect(reply, &ChatReply::finished, this, [this, client, reply, clock, pieces](const ReplyStats& stats) {
        reply->deleteLater();
        if (!m_running)
            return;
        LoadTestSample sample;
        sample.latencyS = clock.nsecsElapsed() / 1e9;
        sample.ok = stats.finishReason != QLatin1String("error") && stats.finishReason != QLatin1String("cancelled");
        sample.error = stats.finishReason == QLatin1String("cancelled") ? tr("cancelled") : stats.error;
        sample.timeToFirstTokenS = stats.timeToFirstTokenS;
        // Servers that leave out usage: each streamed piece is about one token.
        sample.completionTokens = stats.completionTokens > 0 ? stats.completionTokens : *pieces;
        m_samples << sample;
        --m_outstanding;
        emit sampleArrived(sample, static_cast<int>(m_samples.size()), m_config.requests);
        sendNext(client);
        if (m_outstanding == 0 && m_sent >= m_config.requests)
            finish();
    });
}

void LoadTest::finish()
{
    m_running = false;
    emit finished(LoadTestReport::from(m_samples, m_clock.nsecsElapsed() / 1e9));
}

} // namespace hearth::app
