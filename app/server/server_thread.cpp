#include "app/server/server_thread.h"

#include "app/chat/local_chat_backend.h"
#include "app/server/api_server.h"

namespace hearth::app {

ServerThread::ServerThread(LocalModel& model, QObject* parent)
    : QObject(parent)
    , m_model(model)
{
    m_thread.setObjectName(QStringLiteral("api-server"));
}

ServerThread::~ServerThread()
{
    stop();
}

QString ServerThread::refusal(const ServerConfig& config)
{
    if (!config.host.isLoopback() && config.keys.isEmpty())
        return tr("Sharing on the local network needs at least one API key: create one first.");
    return {};
}

quint16 ServerThread::start(const ServerConfig& config)
{
    stop();
    m_error = refusal(config);
    if (!m_error.isEmpty())
        return 0;
    m_thread.start();
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_anchor,
        [this, config] {
            // The backend lives beside the server, so the engine's answers
            // come back on this thread.
            auto* backend = new LocalChatBackend(m_model, m_anchor);
            auto* server = new ApiServer(m_model, *backend, m_anchor);
            server->configure(config);
            connect(server, &ApiServer::requestFinished, this, &ServerThread::requestFinished); // queued
            m_port = server->listen(config.host, config.port);
            if (m_port)
                m_server = server;
            else
                m_error = server->errorString();
        },
        Qt::BlockingQueuedConnection);
    if (!m_server) {
        stop();
        return 0;
    }
    m_host = config.host;
    emit runningChanged(true);
    return m_port;
}

void ServerThread::reconfigure(const ServerConfig& config)
{
    if (!m_server)
        return;
    ServerConfig applied = config;
    applied.host = m_host; // where it listens stays until a restart
    if (const QString why = refusal(applied); !why.isEmpty()) {
        stop();
        m_error = why;
        return;
    }
    QMetaObject::invokeMethod(m_server, [server = m_server, applied] { server->configure(applied); });
}

void ServerThread::stop()
{
    if (!m_thread.isRunning())
        return;
    const bool wasRunning = m_server != nullptr;
    // Children (server, backend, answers in flight) go with the anchor, on their thread.
    QMetaObject::invokeMethod(
        m_anchor, [this] { delete m_anchor; }, Qt::BlockingQueuedConnection);
    m_anchor = nullptr;
    m_server = nullptr;
    m_port = 0;
    m_thread.quit();
    m_thread.wait();
    if (wasRunning)
        emit runningChanged(false);
}

} // namespace hearth::app
