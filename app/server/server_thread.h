#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

#include "app/server/request_record.h"
#include "app/server/server_config.h"

namespace hearth::app {

class ApiServer;
class LocalModel;

// Runs the API server on a thread of its own over the model loaded in this
// process, so that a slow client or a large body never stalls the window and
// a busy window never stalls the API. The server and its sockets are created,
// used and destroyed on that thread; this object lives on the caller's.
class ServerThread : public QObject {
    Q_OBJECT
public:
    explicit ServerThread(LocalModel& model, QObject* parent = nullptr);
    ~ServerThread() override; // stops the server

    // Why `config` may not be served, or empty: a server reachable beyond
    // this machine needs at least one API key.
    static QString refusal(const ServerConfig& config);

    // Listens as `config` says; the port bound, or 0 with errorString().
    // Waits for the server's thread to be listening (a few milliseconds).
    quint16 start(const ServerConfig& config);
    void stop();
    // Applies all of `config` but where to listen to the running server
    // (keys revoked or made, limits, CORS, redaction) without a restart. A
    // config it may not serve (the last key revoked while shared) stops it.
    void reconfigure(const ServerConfig& config);
    bool isRunning() const { return m_server != nullptr; }
    quint16 port() const { return m_port; }
    QHostAddress host() const { return m_host; }
    QString errorString() const { return m_error; }

signals:
    void runningChanged(bool running);
    // Every request the server answered, on this object's thread.
    void requestFinished(const hearth::app::RequestRecord& record);

private:
    LocalModel& m_model;
    QThread m_thread;
    QObject* m_anchor = nullptr; // lives on m_thread: where calls into it run
    ApiServer* m_server = nullptr; // owned by m_thread's side
    quint16 m_port = 0;
    QHostAddress m_host;
    QString m_error;
};

} // namespace hearth::app
