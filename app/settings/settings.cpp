#include "app/settings/settings.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>

#include <algorithm>

namespace hearth::app {

namespace {
const QString kLanguageKey = QStringLiteral("ui/language");
const QString kThemeKey = QStringLiteral("ui/theme");
const QString kSamplingKey = QStringLiteral("chat/default_sampling");
const QString kThreadsKey = QStringLiteral("engine/threads");
const QString kContextKey = QStringLiteral("engine/context");
const QString kDeviceKey = QStringLiteral("engine/device"); // "auto", "cpu" or "gpu:N"
const QString kModelsFolderKey = QStringLiteral("models/folder");
const QString kEndpointsKey = QStringLiteral("endpoints");
const QString kServerKey = QStringLiteral("server/");
} // namespace

Settings::Settings(QObject* parent)
    : QObject(parent)
{ }

QString Settings::language() const
{
    return m_settings.value(kLanguageKey).toString();
}

void Settings::setLanguage(const QString& language)
{
    if (language == this->language())
        return;
    m_settings.setValue(kLanguageKey, language);
    emit languageChanged(language);
}

Settings::Theme Settings::theme() const
{
    const int value = m_settings.value(kThemeKey, 0).toInt();
    return value >= 0 && value <= 2 ? static_cast<Theme>(value) : Theme::System;
}

void Settings::setTheme(Theme theme)
{
    if (theme == this->theme())
        return;
    m_settings.setValue(kThemeKey, static_cast<int>(theme));
    emit themeChanged(theme);
}

ChatSampling Settings::defaultSampling() const
{
    return ChatSampling::fromJson(QJsonDocument::fromJson(m_settings.value(kSamplingKey).toByteArray()).object());
}

void Settings::setDefaultSampling(const ChatSampling& sampling)
{
    m_settings.setValue(kSamplingKey, QJsonDocument(sampling.toJson()).toJson(QJsonDocument::Compact));
    emit defaultSamplingChanged();
}

unsigned Settings::engineThreads() const
{
    return m_settings.value(kThreadsKey, 0).toUInt();
}

void Settings::setEngineThreads(unsigned threads)
{
    if (threads == engineThreads())
        return;
    m_settings.setValue(kThreadsKey, threads);
    emit engineChanged();
}

EngineDevice Settings::engineDevice() const
{
    const QString value = m_settings.value(kDeviceKey, QStringLiteral("auto")).toString();
    if (value == QLatin1String("cpu"))
        return { EngineDevice::Kind::Cpu, 0 };
    if (value.startsWith(QLatin1String("gpu:"))) {
        bool ok = false;
        const int gpu = value.mid(4).toInt(&ok);
        if (ok && gpu >= 0)
            return { EngineDevice::Kind::Gpu, gpu };
    }
    return {};
}

void Settings::setEngineDevice(const EngineDevice& device)
{
    if (device == engineDevice())
        return;
    switch (device.kind) {
    case EngineDevice::Kind::Automatic:
        m_settings.setValue(kDeviceKey, QStringLiteral("auto"));
        break;
    case EngineDevice::Kind::Cpu:
        m_settings.setValue(kDeviceKey, QStringLiteral("cpu"));
        break;
    case EngineDevice::Kind::Gpu:
        m_settings.setValue(kDeviceKey, QStringLiteral("gpu:%1").arg(device.gpu));
        break;
    }
    emit engineChanged();
}

quint32 Settings::contextLength() const
{
    return m_settings.value(kContextKey, 0).toUInt();
}

void Settings::setContextLength(quint32 tokens)
{
    if (tokens == contextLength())
        return;
    m_settings.setValue(kContextKey, tokens);
    emit engineChanged();
}

QList<RemoteEndpoint> Settings::endpoints() const
{
    QSettings& settings = m_settings;
    QList<RemoteEndpoint> result;
    const int count = settings.beginReadArray(kEndpointsKey);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        result.append({ settings.value(QStringLiteral("name")).toString(),
            QUrl(settings.value(QStringLiteral("url")).toString()), settings.value(QStringLiteral("model")).toString(),
            settings.value(QStringLiteral("api_key")).toString() });
    }
    settings.endArray();
    return result;
}

void Settings::setEndpoints(const QList<RemoteEndpoint>& endpoints)
{
    m_settings.remove(kEndpointsKey);
    m_settings.beginWriteArray(kEndpointsKey, static_cast<int>(endpoints.size()));
    for (int i = 0; i < endpoints.size(); ++i) {
        m_settings.setArrayIndex(i);
        m_settings.setValue(QStringLiteral("name"), endpoints[i].name);
        m_settings.setValue(QStringLiteral("url"), endpoints[i].baseUrl.toString());
        m_settings.setValue(QStringLiteral("model"), endpoints[i].model);
        m_settings.setValue(QStringLiteral("api_key"), endpoints[i].apiKey);
    }
    m_settings.endArray();
    m_settings.sync();
    // The keys are secrets: the file is this user's alone.
    QFile::setPermissions(m_settings.fileName(), QFile::ReadOwner | QFile::WriteOwner);
    emit endpointsChanged();
}

QString Settings::defaultModelsFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("models"));
}

QString Settings::modelsFolder() const
{
    return m_settings.value(kModelsFolderKey, defaultModelsFolder()).toString();
}

void Settings::setModelsFolder(const QString& folder)
{
    if (folder == modelsFolder())
        return;
    m_settings.setValue(kModelsFolderKey, folder);
    emit modelsFolderChanged(folder);
}

QString Settings::hubEndpoint() const
{
    return m_settings.value(QStringLiteral("hub/endpoint")).toString();
}

void Settings::setHubEndpoint(const QString& endpoint)
{
    m_settings.setValue(QStringLiteral("hub/endpoint"), endpoint);
    emit hubChanged();
}

NetworkProxy Settings::hubProxy() const
{
    NetworkProxy proxy;
    proxy.mode = NetworkProxy::modeFromKey(m_settings.value(QStringLiteral("hub/proxy_mode")).toString());
    proxy.url = QUrl(m_settings.value(QStringLiteral("hub/proxy_url")).toString());
    return proxy;
}

void Settings::setHubProxy(const NetworkProxy& proxy)
{
    m_settings.setValue(QStringLiteral("hub/proxy_mode"), NetworkProxy::modeKey(proxy.mode));
    QUrl url = proxy.url;
    url.setPassword({}); // never in this file
    m_settings.setValue(QStringLiteral("hub/proxy_url"), url.toString());
    emit hubChanged();
}

int Settings::parallelDownloads() const
{
    return std::clamp(m_settings.value(QStringLiteral("hub/parallel_downloads"), 2).toInt(), 1, 8);
}

void Settings::setParallelDownloads(int downloads)
{
    m_settings.setValue(QStringLiteral("hub/parallel_downloads"), std::clamp(downloads, 1, 8));
    emit hubChanged();
}

ServerSettings Settings::serverSettings() const
{
    ServerSettings server;
    server.port = static_cast<quint16>(m_settings.value(kServerKey + QStringLiteral("port"), 8080).toUInt());
    server.shareOnLan = m_settings.value(kServerKey + QStringLiteral("share_on_lan"), false).toBool();
    server.lanAddress = m_settings.value(kServerKey + QStringLiteral("lan_address")).toString();
    server.corsOrigins = m_settings.value(kServerKey + QStringLiteral("cors_origins")).toStringList();
    server.redact = m_settings.value(kServerKey + QStringLiteral("redact"), false).toBool();
    server.extraRedactionPatterns = m_settings.value(kServerKey + QStringLiteral("redaction_patterns")).toStringList();
    server.recordText = m_settings.value(kServerKey + QStringLiteral("record_text"), false).toBool();
    return server;
}

void Settings::setServerSettings(const ServerSettings& server)
{
    if (server == serverSettings())
        return;
    m_settings.setValue(kServerKey + QStringLiteral("port"), server.port);
    m_settings.setValue(kServerKey + QStringLiteral("share_on_lan"), server.shareOnLan);
    m_settings.setValue(kServerKey + QStringLiteral("lan_address"), server.lanAddress);
    m_settings.setValue(kServerKey + QStringLiteral("cors_origins"), server.corsOrigins);
    m_settings.setValue(kServerKey + QStringLiteral("redact"), server.redact);
    m_settings.setValue(kServerKey + QStringLiteral("redaction_patterns"), server.extraRedactionPatterns);
    m_settings.setValue(kServerKey + QStringLiteral("record_text"), server.recordText);
    emit serverSettingsChanged();
}

} // namespace hearth::app
