#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace hearth::app {

// The secrets Hearth keeps for its user — the hub's access token, the
// proxy's password. They go to the platform's keyring (Secret Service or
// KWallet, the macOS Keychain, the Windows Credential Manager) through
// QtKeychain; where there is none (a server with no desktop session), to a
// file only this user can read, beside the settings file and never in it.
// Nothing here logs a secret. Answers come through callbacks, on this thread.
class SecretStore : public QObject {
    Q_OBJECT
public:
    enum class Where { Keyring, File };
    Q_ENUM(Where)

    explicit SecretStore(QObject* parent = nullptr);

    // The known secret names.
    static QString hubToken() { return QStringLiteral("hub-token"); }
    static QString proxyPassword() { return QStringLiteral("proxy-password"); }

    // The secret, or an empty string when none is kept.
    void read(const QString& key, const std::function<void(const QString& secret)>& done);
    // An empty secret removes it. `error` is empty on success.
    void write(
        const QString& key, const QString& secret, std::function<void(Where where, const QString& error)> done = {});

    // Tests, and sites that want no keyring: the file only. Also set by
    // HEARTH_NO_KEYRING=1.
    void setKeyringEnabled(bool enabled) { m_keyring = enabled; }
    // secrets.json in the settings' folder.
    static QString filePath();

signals:
    // A secret was written or removed.
    void changed(const QString& key);

private:
    static QString readFile(const QString& key);
    static QString writeFile(const QString& key, const QString& secret); // the error, or empty

    bool m_keyring = true;
};

} // namespace hearth::app
