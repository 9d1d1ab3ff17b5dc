#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>

#include "app/chat/remote_chat_backend.h"
#include "app/loadtest/load_test_report.h"

namespace hearth::app {

class ChatReply;

struct LoadTestConfig {
    RemoteEndpoint endpoint; // any OpenAI-compatible server
    int concurrency = 10;
    int requests = 100;
    // The deployment guide's prompt: "Explain machine learning in three sentences."
    QString prompt = QStringLiteral("用3句话解释什么是机器学习");
    int maxTokens = 200;
};

// Sends `requests` streamed chat completions, `concurrency` at a time, and
// measures each as its client sees it. Every concurrent client has its own
// connection (Qt would otherwise share six per host among them).
class LoadTest : public QObject {
    Q_OBJECT
public:
    explicit LoadTest(QObject* parent = nullptr);
    ~LoadTest() override;

    void start(const LoadTestConfig& config);
    // Stops sending; the requests already out are cancelled and count as errors.
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void sampleArrived(const hearth::app::LoadTestSample& sample, int done, int total);
    void finished(const hearth::app::LoadTestReport& report);

private:
    void sendNext(RemoteChatBackend* client);
    void finish();

    LoadTestConfig m_config;
    QList<RemoteChatBackend*> m_clients;
    QList<LoadTestSample> m_samples;
    QElapsedTimer m_clock;
    int m_sent = 0;
    int m_outstanding = 0;
    bool m_running = false;
};

} // namespace hearth::app
