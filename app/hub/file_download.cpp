#include "app/hub/file_download.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>
#include <cctype>

namespace hearth::app {

namespace {

constexpr qint64 kHashChunk = 4 << 20;
constexpr int kMaxRedirects = 10;

int httpStatus(QNetworkReply* reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

FileDownload::FileDownload(QNetworkAccessManager& network, Target target, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_target(std::move(target))
    , m_retryTimer(new QTimer(this))
{
    m_part.setFileName(m_target.destination + QStringLiteral(".part"));
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &FileDownload::request);
}

FileDownload::~FileDownload()
{
    *m_hashing = true;
    if (m_reply)
        m_reply->abort();
}

void FileDownload::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (state != State::Running)
        m_lock.reset(); // unlocks and removes the lock file
    emit stateChanged(state);
}

bool FileDownload::openPart(bool truncate)
{
    m_part.close();
    if (!QDir().mkpath(QFileInfo(m_part.fileName()).absolutePath()))
        return false;
    if (!m_part.open(truncate ? QIODevice::WriteOnly | QIODevice::Truncate : QIODevice::ReadWrite))
        return false;
    m_hash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    m_received = 0;
    return true;
}

void FileDownload::start()
{
    if (m_state == State::Running || m_state == State::Finished)
        return;
    m_error.clear();
    m_retries = 0;
    if (!QDir().mkpath(QFileInfo(m_target.destination).absolutePath())) {
        fail(tr("Cannot create the folder of %1.").arg(m_target.destination));
        return;
    }
    m_lock = std::make_unique<QLockFile>(m_target.destination + QStringLiteral(".lock"));
    if (!m_lock->tryLock(0)) {
        fail(m_lock->error() == QLockFile::LockFailedError
                ? tr("Another Hearth is downloading %1.").arg(m_target.destination)
                : tr("Cannot write %1.lock.").arg(m_target.destination));
        m_lock.reset();
        return;
    }
    setState(State::Running);
    const qint64 existing = QFileInfo(m_part.fileName()).size();
    if (existing <= 0) {
        if (!openPart(true)) {
            fail(tr("Cannot write %1: %2").arg(m_part.fileName(), m_part.errorString()));
            return;
        }
        request();
        return;
    }
    // What an earlier run wrote counts toward the hash. A part can hold many
    // gigabytes: it is read on a worker thread, not the caller's.
    m_hashing = std::make_shared<std::atomic<bool>>(false);
    auto* watcher = new QFutureWatcher<std::shared_ptr<QCryptographicHash>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, existing] {
        watcher->deleteLater();
        const std::shared_ptr<QCryptographicHash> hash = watcher->result();
        if (m_state != State::Running)
            return; // paused or cancelled meanwhile
        if (!hash || !openPart(false) || !m_part.seek(existing)) {
            fail(tr("Cannot read %1: %2").arg(m_part.fileName(), m_part.errorString()));
            return;
        }
        m_hash = hash;
        m_received = existing;
        emit progress(m_received, m_target.size);
        if (m_target.size >= 0 && m_received >= m_target.size)
            complete(); // an earlier run got every byte
        else
            request();
    });
    watcher->setFuture(QtConcurrent::run(
        [path = m_part.fileName(), existing, stop = m_hashing]() -> std::shared_ptr<QCryptographicHash> {
            QFile part(path);
            if (!part.open(QIODevice::ReadOnly))
                return nullptr;
            auto hash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
            qint64 read = 0;
            while (read < existing && !*stop) {
                const QByteArray chunk = part.read(std::min(kHashChunk, existing - read));
                if (chunk.isEmpty())
                    return nullptr;
                hash->addData(chunk);
                read += chunk.size();
            }
            return *stop ? nullptr : hash;
        }));
}

void FileDownload::request()
{
    m_redirects = 0;
    requestFrom(m_target.url);
}

void FileDownload::requestFrom(const QUrl& url)
{
    if (m_state != State::Running)
        return;
    QNetworkRequest http(url);
    // Redirects are followed here, not by Qt: the hub sends files to a CDN,
    // which must not see the hub's token (a signed URL with a second
    // credential is refused), and the hub's answer carries the file's hash.
    http.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    http.setRawHeader("Accept-Encoding", "identity"); // byte offsets must be the file's
    http.setTransferTimeout(m_stallTimeoutMs);
    if (!m_target.token.isEmpty() && url.host() == m_target.url.host())
        http.setRawHeader("Authorization", "Bearer " + m_target.token);
    if (m_received > 0)
        http.setRawHeader("Range", "bytes=" + QByteArray::number(m_received) + "-");
    m_appending = false;
    m_responseStarted = false;
    m_reply = m_network.get(http);
    connect(m_reply, &QNetworkReply::readyRead, this, &FileDownload::readyRead);
    connect(m_reply, &QNetworkReply::finished, this, &FileDownload::replyFinished);
}

void FileDownload::readyRead()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    const int status = httpStatus(reply);
    if (status != 200 && status != 206)
        return; // an error's body: read at the end
    if (!m_responseStarted) {
        m_responseStarted = true;
        // 206 continues the part; 200 is the whole file again (the server
        // ignored the range), so the part starts over.
        m_appending = status == 206;
        if (m_appending) {
            // A range that does not start where the part ends cannot be appended.
            const QByteArray range = reply->rawHeader("Content-Range");
            if (!range.startsWith("bytes ") || range.mid(6, range.indexOf('-') - 6).toLongLong() != m_received) {
                reply->disconnect(this);
                reply->abort();
                reply->deleteLater();
                m_reply = nullptr;
                if (!openPart(true)) {
                    fail(tr("Cannot write %1: %2").arg(m_part.fileName(), m_part.errorString()));
                    return;
                }
                QTimer::singleShot(0, this, &FileDownload::request);
                return;
            }
        }
        if (!m_appending && m_received > 0 && !openPart(true)) {
            fail(tr("Cannot write %1: %2").arg(m_part.fileName(), m_part.errorString()));
            return;
        }
    }
    const QByteArray data = reply->readAll();
    if (m_part.write(data) != data.size()) {
        fail(tr("Cannot write %1: %2").arg(m_part.fileName(), m_part.errorString()));
        return;
    }
    m_hash->addData(data);
    m_received += data.size();
    if (m_target.size >= 0 && m_received > m_target.size) {
        m_part.close();
        QFile::remove(m_part.fileName());
        fail(tr("The server sent more than the %1 bytes the hub said the file has: it was discarded.")
                 .arg(m_target.size));
        return;
    }
    emit progress(m_received, m_target.size);
}

void FileDownload::replyFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    reply->deleteLater();
    m_reply = nullptr;
    if (m_state != State::Running)
        return; // paused or cancelled: the abort is ours
    readyRead();
    m_part.flush();
    const int status = httpStatus(reply);
    if (status >= 300 && status < 400 && status != 304) {
        followRedirect(reply);
        return;
    }
    if (status == 416) {
        complete(); // nothing left to send: the part is all the server has
        return;
    }
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    if (status >= 500) {
        // A mirror or CDN that is overloaded or restarting: worth another try.
        retryLater(tr("the server answered %1 %2").arg(status).arg(reason));
        return;
    }
    if (status >= 400) {
        fail(status == 401 || status == 403
                ? tr("The server refused the download (%1 %2): the model may be gated. Accept its licence on the "
                     "hub and set an access token in Settings.")
                      .arg(status)
                      .arg(reason)
                : tr("The server answered %1 %2 for %3.").arg(status).arg(reason, m_target.url.toString()));
        return;
    }
    // A response that ended cleanly is the whole file as the server has it;
    // complete() tells a file shorter than the hub said from a good one.
    if (reply->error() == QNetworkReply::NoError) {
        complete();
        return;
    }
    retryLater(reply->error() == QNetworkReply::OperationCanceledError
            ? tr("no data for %1 s").arg(m_stallTimeoutMs / 1000.0)
            : reply->errorString());
}

void FileDownload::followRedirect(QNetworkReply* reply)
{
    const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
    if (location.isEmpty() || ++m_redirects > kMaxRedirects) {
        fail(tr("The server sent the download around in circles (%1 redirects).").arg(m_redirects));
        return;
    }
    const QUrl next = reply->url().resolved(location);
    if (reply->url().scheme() == QStringLiteral("https") && next.scheme() != QStringLiteral("https")) {
        fail(tr("The server sent the download from https to an insecure address (%1).").arg(next.toString()));
        return;
    }
    // The hub says what its LFS files are as it redirects them: where the
    // file list did not (a mirror without LFS metadata), that is checked.
    const QByteArray etag = reply->rawHeader("X-Linked-Etag").replace('"', "").trimmed().toLower();
    if (m_target.sha256.isEmpty() && etag.size() == 64
        && std::all_of(etag.begin(), etag.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
        m_target.sha256 = etag;
    bool sized = false;
    const qint64 linkedSize = reply->rawHeader("X-Linked-Size").toLongLong(&sized);
    if (m_target.size < 0 && sized && linkedSize > 0)
        m_target.size = linkedSize;
    requestFrom(next);
}

void FileDownload::retryLater(const QString& reason)
{
    // Cut off: try again from where the part ends, a while later each time.
    if (m_retries >= m_maxRetries) {
        fail(tr("The download kept failing (%1): try again later.").arg(reason));
        return;
    }
    const int delay = std::min(60'000, m_retryDelayMs << std::min(m_retries, 6));
    ++m_retries;
    m_retryTimer->start(delay);
}

void FileDownload::complete()
{
    m_part.flush();
    m_part.close();
    const QFileInfo info(m_part.fileName());
    if (m_target.size >= 0 && info.size() != m_target.size) {
        QFile::remove(m_part.fileName());
        fail(tr("The file has %1 bytes where the hub said %2: it was discarded.").arg(info.size()).arg(m_target.size));
        return;
    }
    const QByteArray digest = m_hash->result().toHex();
    if (!m_target.sha256.isEmpty() && digest != m_target.sha256.toLower()) {
        QFile::remove(m_part.fileName());
        fail(tr("The file's SHA-256 is %1 where the hub said %2: it was damaged on the way and was discarded.")
                 .arg(QString::fromLatin1(digest), QString::fromLatin1(m_target.sha256)));
        return;
    }
    QFile::remove(m_target.destination);
    if (!QFile::rename(m_part.fileName(), m_target.destination)) {
        fail(tr("Cannot name the file %1.").arg(m_target.destination));
        return;
    }
    setState(State::Finished);
    emit finished();
}

void FileDownload::fail(const QString& error)
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply = nullptr;
    }
    m_retryTimer->stop();
    m_part.close();
    m_error = error;
    setState(State::Failed);
    emit failed(error);
}

void FileDownload::pause()
{
    if (m_state != State::Running)
        return;
    *m_hashing = true;
    setState(State::Paused);
    m_retryTimer->stop();
    if (m_reply)
        m_reply->abort();
    m_part.flush();
    m_part.close();
}

void FileDownload::cancel()
{
    *m_hashing = true;
    setState(State::Cancelled);
    m_retryTimer->stop();
    if (m_reply)
        m_reply->abort();
    m_part.close();
    QFile::remove(m_part.fileName());
}

} // namespace hearth::app
