#pragma once

#include <QObject>
#include <QSettings>
#include <QString>
#include <QStringList>

#include "app/chat/chat_request.h"
#include "app/chat/remote_chat_backend.h"
#include "app/hub/network_proxy.h"

namespace hearth::app {

// How the API server in the window is set up.
struct ServerSettings {
    quint16 port = 8080;
    bool shareOnLan = false; // else this machine only (127.0.0.1)
    QString lanAddress; // the interface's address when shared; empty: all of them
    QStringList corsOrigins;
    bool redact = false; // the deployment guide's patterns
    QStringList extraRedactionPatterns; // the administrator's own, with redact
    bool recordText = false; // the audit log keeps prompts and answers

    bool operator==(const ServerSettings&) const = default;
};

// Where models run: Automatic (the first GPU when this machine has one the
// engine can use, else the CPU), the CPU, or one GPU by CUDA's number.
struct EngineDevice {
    enum class Kind { Automatic, Cpu, Gpu };
    Kind kind = Kind::Automatic;
    int gpu = 0; // with Kind::Gpu

    bool operator==(const EngineDevice&) const = default;
};

// The user's choices that outlive a session, stored with QSettings
// (~/.config/Hearth/Hearth.conf on Linux).
class Settings : public QObject {
    Q_OBJECT
public:
    enum class Theme { System, Light, Dark };
    Q_ENUM(Theme)

    explicit Settings(QObject* parent = nullptr);

    // A locale name such as "zh_CN", or empty to follow the system.
    QString language() const;
    void setLanguage(const QString& language);

    Theme theme() const;
    void setTheme(Theme theme);

    // What a new chat starts with.
    ChatSampling defaultSampling() const;
    void setDefaultSampling(const ChatSampling& sampling);

    // The engine: CPU threads (0: one per core) and tokens of context per
    // sequence (0: the model's own, at most 8192). Used at the next load.
    unsigned engineThreads() const;
    void setEngineThreads(unsigned threads);
    quint32 contextLength() const;
    void setContextLength(quint32 tokens);
    EngineDevice engineDevice() const;
    void setEngineDevice(const EngineDevice& device);

    // OpenAI-compatible endpoints the chat can use. Their API keys are kept
    // in this settings file, readable by this user only.
    QList<RemoteEndpoint> endpoints() const;
    void setEndpoints(const QList<RemoteEndpoint>& endpoints);

    // Where downloaded and converted models go; scanned at start.
    QString modelsFolder() const;
    void setModelsFolder(const QString& folder);
    static QString defaultModelsFolder();

    // The hub's address (a mirror's, say); empty: huggingface.co. $HF_ENDPOINT wins.
    QString hubEndpoint() const;
    void setHubEndpoint(const QString& endpoint);

    // The proxy to the hub; its password is kept in the SecretStore.
    NetworkProxy hubProxy() const;
    void setHubProxy(const NetworkProxy& proxy);
    // Downloads that run at once (1–8, default 2).
    int parallelDownloads() const;
    void setParallelDownloads(int downloads);

    ServerSettings serverSettings() const;
    void setServerSettings(const ServerSettings& server);

signals:
    // The hub's endpoint, proxy or parallel downloads changed.
    void hubChanged();
    void languageChanged(const QString& language);
    void themeChanged(hearth::app::Settings::Theme theme);
    void defaultSamplingChanged();
    void engineChanged();
    void modelsFolderChanged(const QString& folder);
    void endpointsChanged();
    void serverSettingsChanged();

private:
    mutable QSettings m_settings; // reading an array moves its cursor
};

} // namespace hearth::app

Q_DECLARE_METATYPE(hearth::app::EngineDevice)
