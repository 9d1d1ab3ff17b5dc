#pragma once

#include <QByteArray>
#include <QString>

namespace hearth::app {

// A key that lets a client in, as the server keeps it: a name that says
// whose it is, and a salted SHA-256 of the secret, never the secret itself.
struct ApiKey {
    qint64 id = 0; // in the key store; 0 for keys read from a file
    QString name; // who holds it: a team, a service
    QByteArray salt; // 16 random bytes
    QByteArray digest; // SHA-256 of salt + secret
    int requestsPerMinute = 0; // 0: no limit
    int tokensPerMinute = 0; // prompt and completion; 0: no limit

    static ApiKey fromSecret(const QString& name, const QByteArray& secret);
    // Whether `secret` is this key's, in time that does not depend on where
    // the digests differ.
    bool matches(const QByteArray& secret) const;
    // A new secret to hand out once: "sk-hearth-" and 32 random bytes.
    static QByteArray newSecret();
};

} // namespace hearth::app
