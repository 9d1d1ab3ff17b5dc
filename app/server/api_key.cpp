#include "app/server/api_key.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace hearth::app {

namespace {

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()), count / 4);
    return bytes;
}

QByteArray digestOf(const QByteArray& salt, const QByteArray& secret)
{
    return QCryptographicHash::hash(salt + secret, QCryptographicHash::Sha256);
}

} // namespace

ApiKey ApiKey::fromSecret(const QString& name, const QByteArray& secret)
{
    ApiKey key;
    key.name = name;
    key.salt = randomBytes(16);
    key.digest = digestOf(key.salt, secret);
    return key;
}

bool ApiKey::matches(const QByteArray& secret) const
{
    const QByteArray candidate = digestOf(salt, secret);
    if (candidate.size() != digest.size() || secret.isEmpty())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < digest.size(); ++i)
        difference |= static_cast<unsigned char>(candidate[i] ^ digest[i]);
    return difference == 0;
}

QByteArray ApiKey::newSecret()
{
    return "sk-hearth-" + randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace hearth::app
