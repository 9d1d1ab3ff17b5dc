#include "app/settings/secret_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#ifdef HEARTH_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace hearth::app {

namespace {

const QString kService = QStringLiteral("Hearth");

} // namespace

SecretStore::SecretStore(QObject* parent)
    : QObject(parent)
    , m_keyring(qEnvironmentVariable("HEARTH_NO_KEYRING") != QStringLiteral("1"))
{ }

QString SecretStore::filePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("secrets.json"));
}

QString SecretStore::readFile(const QString& key)
{
    QFile file(filePath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(key).toString();
}

QString SecretStore::writeFile(const QString& key, const QString& secret)
{
    QJsonObject secrets;
    {
        QFile file(filePath());
        if (file.open(QIODevice::ReadOnly))
            secrets = QJsonDocument::fromJson(file.readAll()).object();
    }
    if (secret.isEmpty() && !secrets.contains(key))
        return {};
    if (secret.isEmpty())
        secrets.remove(key);
    else
        secrets.insert(key, secret);
    if (!QDir().mkpath(QFileInfo(filePath()).absolutePath()))
        return tr("Cannot create the folder of %1.").arg(filePath());
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(filePath(), file.errorString());
    // Readable by this user only, before the secret is in it.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(secrets).toJson());
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(filePath(), file.errorString());
    return {};
}

void SecretStore::read(const QString& key, const std::function<void(const QString& secret)>& done)
{
#ifdef HEARTH_HAVE_KEYCHAIN
    if (m_keyring) {
        auto* job = new QKeychain::ReadPasswordJob(kService, this);
        job->setAutoDelete(true);
        job->setKey(key);
        connect(job, &QKeychain::Job::finished, this, [key, done](QKeychain::Job* finished) {
            const auto* reading = static_cast<QKeychain::ReadPasswordJob*>(finished);
            // Not in the keyring, or no keyring: it may have been kept in the file.
            done(reading->error() == QKeychain::NoError ? reading->textData() : readFile(key));
        });
        job->start();
        return;
    }
#endif
    done(readFile(key));
}

void SecretStore::write(
    const QString& key, const QString& secret, std::function<void(Where where, const QString& error)> done)
{
    if (!done)
        done = [](Where, const QString&) {};
    done = [this, key, done](Where where, const QString& error) {
        done(where, error);
        if (error.isEmpty())
            emit changed(key);
    };
#ifdef HEARTH_HAVE_KEYCHAIN
    if (m_keyring) {
        QKeychain::Job* job = nullptr;
        if (secret.isEmpty()) {
            job = new QKeychain::DeletePasswordJob(kService, this);
        } else {
            auto* writing = new QKeychain::WritePasswordJob(kService, this);
            writing->setTextData(secret);
            job = writing;
        }
        job->setAutoDelete(true);
        job->setKey(key);
        connect(job, &QKeychain::Job::finished, this, [key, secret, done](QKeychain::Job* finished) {
            const bool kept = finished->error() == QKeychain::NoError
                || (secret.isEmpty() && finished->error() == QKeychain::EntryNotFound);
            if (kept) {
                writeFile(key, {}); // no copy left behind in the file
                done(Where::Keyring, {});
                return;
            }
            done(Where::File, writeFile(key, secret));
        });
        job->start();
        return;
    }
#endif
    done(Where::File, writeFile(key, secret));
}

} // namespace hearth::app
