#include "app/hub/download_queue.h"

#include <QFileInfo>
#include <QTimer>

#include <algorithm>

#include "app/hub/file_download.h"

namespace hearth::app {

namespace {

constexpr int kTickMs = 500;
// How much of a new speed sample counts: about the last four seconds matter.
constexpr double kSmoothing = 0.12;

} // namespace

DownloadQueue::DownloadQueue(QNetworkAccessManager& network, Database& database, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_store(database)
    , m_ticker(new QTimer(this))
{
    m_ticker->setInterval(kTickMs);
    connect(m_ticker, &QTimer::timeout, this, &DownloadQueue::tick);
}

DownloadQueue::~DownloadQueue()
{
    for (auto it = m_running.begin(); it != m_running.end(); ++it) {
        FileDownload* download = it.value();
        download->disconnect(this);
        download->pause(); // flushes the part; the job stays "running" for restore()
        delete download;
    }
}

void DownloadQueue::restore()
{
    m_jobs = m_store.all();
    for (DownloadJob& job : m_jobs) {
        const QFileInfo part(job.destination + QStringLiteral(".part"));
        if (part.exists())
            job.received = part.size();
        if (job.status == DownloadJob::Status::Running)
            job.status = DownloadJob::Status::Queued;
    }
    for (const DownloadJob& job : std::as_const(m_jobs))
        emit jobAdded(job.id);
    schedule();
}

QList<qint64> DownloadQueue::enqueue(const QList<DownloadJob>& jobs)
{
    QList<qint64> ids;
    for (DownloadJob job : jobs) {
        std::optional<DownloadJob> known = m_store.findByDestination(job.destination);
        const bool reusable = known
            && (known->status == DownloadJob::Status::Finished ? QFileInfo::exists(known->destination)
                                                               : known->status != DownloadJob::Status::Cancelled);
        if (reusable) {
            if (!find(known->id)) {
                m_jobs << *known;
                emit jobAdded(known->id);
            }
            DownloadJob& existing = *find(known->id);
            if (existing.status == DownloadJob::Status::Running && !m_running.contains(existing.id))
                setStatus(existing, DownloadJob::Status::Queued); // left by a run that was killed
            if (existing.status == DownloadJob::Status::Paused || existing.status == DownloadJob::Status::Failed)
                setStatus(existing, DownloadJob::Status::Queued);
            ids << existing.id;
            continue;
        }
        job.status = DownloadJob::Status::Queued;
        job.error.clear();
        job.id = m_store.add(job);
        if (job.id == 0) {
            // Without a row it could not resume after a crash; say so rather than pretend.
            job.id = -(m_jobs.size() + 1);
            job.status = DownloadJob::Status::Failed;
            job.error = tr("The download could not be recorded in Hearth's database.");
        }
        m_jobs << job;
        ids << job.id;
        emit jobAdded(job.id);
    }
    schedule();
    return ids;
}

DownloadJob* DownloadQueue::find(qint64 id)
{
    const auto it = std::find_if(m_jobs.begin(), m_jobs.end(), [id](const DownloadJob& job) { return job.id == id; });
    return it == m_jobs.end() ? nullptr : &*it;
}

std::optional<DownloadJob> DownloadQueue::job(qint64 id) const
{
    for (const DownloadJob& job : m_jobs)
        if (job.id == id)
            return job;
    return std::nullopt;
}

void DownloadQueue::setStatus(DownloadJob& job, DownloadJob::Status status, const QString& error)
{
    job.status = status;
    job.error = error;
    m_store.setStatus(job.id, status, error);
    m_store.setReceived(job.id, job.received);
    emit jobChanged(job.id);
}

void DownloadQueue::schedule()
{
    while (m_running.size() < m_maxParallel) {
        DownloadJob* next = nullptr;
        for (DownloadJob& job : m_jobs)
            if (job.status == DownloadJob::Status::Queued && (!next || job.priority > next->priority))
                next = &job; // the oldest of the highest priority: m_jobs is oldest first
        if (!next)
            break;
        start(*next);
    }
    if (m_running.isEmpty()) {
        m_ticker->stop();
        if (m_busy) {
            m_busy = false;
            emit idle();
        }
    } else if (!m_ticker->isActive()) {
        m_sinceTick.start();
        m_ticker->start();
    }
}

void DownloadQueue::start(DownloadJob& job)
{
    FileDownload::Target target;
    target.url = job.url;
    target.destination = job.destination;
    target.size = job.size;
    target.sha256 = job.sha256;
    if (!m_tokenHost.isEmpty() && job.url.host() == m_tokenHost)
        target.token = m_token;
    auto* download = new FileDownload(m_network, target, this);
    download->setRetryDelay(m_retryDelayMs);
    download->setMaxRetries(m_maxRetries);
    download->setStallTimeout(m_stallTimeoutMs);
    const qint64 id = job.id;
    connect(download, &FileDownload::progress, this, [this, id](qint64 received) {
        if (DownloadJob* job = find(id))
            job->received = received;
    });
    connect(download, &FileDownload::finished, this, [this, id] { downloadFinished(id); });
    connect(download, &FileDownload::failed, this, [this, id](const QString& error) { downloadFailed(id, error); });
    m_running.insert(id, download);
    m_busy = true;
    m_rates.insert(id, Sample { job.received, {} });
    setStatus(job, DownloadJob::Status::Running);
    download->start(); // may finish or fail at once (a whole part, a locked file)
}

void DownloadQueue::stopRunning(qint64 id)
{
    FileDownload* download = m_running.take(id);
    if (!download)
        return;
    download->disconnect(this);
    download->deleteLater();
}

void DownloadQueue::downloadFinished(qint64 id)
{
    FileDownload* download = m_running.value(id);
    DownloadJob* job = find(id);
    if (!job || !download)
        return;
    job->received = download->received();
    stopRunning(id);
    m_rates.remove(id);
    setStatus(*job, DownloadJob::Status::Finished);
    const QString libraryPath = job->libraryPath;
    const bool whole = std::all_of(m_jobs.begin(), m_jobs.end(), [&](const DownloadJob& other) {
        return other.libraryPath != libraryPath || other.status == DownloadJob::Status::Finished;
    });
    if (whole && !libraryPath.isEmpty())
        emit modelReady(libraryPath);
    schedule();
}

void DownloadQueue::downloadFailed(qint64 id, const QString& error)
{
    stopRunning(id);
    m_rates.remove(id);
    if (DownloadJob* job = find(id)) {
        setStatus(*job, DownloadJob::Status::Failed, error);
        emit jobFailed(id, error);
    }
    schedule();
}

void DownloadQueue::pause(qint64 id)
{
    DownloadJob* job = find(id);
    if (!job || !job->isActive())
        return;
    if (FileDownload* download = m_running.value(id)) {
        download->pause();
        job->received = download->received();
        stopRunning(id);
    }
    m_rates.remove(id);
    setStatus(*job, DownloadJob::Status::Paused);
    schedule();
}

void DownloadQueue::resume(qint64 id)
{
    DownloadJob* job = find(id);
    if (!job || (job->status != DownloadJob::Status::Paused && job->status != DownloadJob::Status::Failed))
        return;
    setStatus(*job, DownloadJob::Status::Queued);
    schedule();
}

void DownloadQueue::cancel(qint64 id)
{
    DownloadJob* job = find(id);
    if (!job || job->status == DownloadJob::Status::Finished || job->status == DownloadJob::Status::Cancelled)
        return;
    if (FileDownload* download = m_running.value(id)) {
        download->cancel();
        stopRunning(id);
    } else {
        QFile::remove(job->destination + QStringLiteral(".part"));
    }
    m_rates.remove(id);
    job->received = 0;
    setStatus(*job, DownloadJob::Status::Cancelled);
    schedule();
}

void DownloadQueue::setPriority(qint64 id, int priority)
{
    DownloadJob* job = find(id);
    if (!job)
        return;
    job->priority = priority;
    m_store.setPriority(id, priority);
    emit jobChanged(id);
}

void DownloadQueue::clearDone()
{
    m_store.removeDone();
    m_jobs.removeIf([](const DownloadJob& job) {
        return job.status == DownloadJob::Status::Finished || job.status == DownloadJob::Status::Cancelled;
    });
    emit jobsCleared();
}

void DownloadQueue::setMaxParallel(int downloads)
{
    m_maxParallel = std::max(1, downloads);
    schedule();
}

void DownloadQueue::setCredentials(const QString& host, const QByteArray& token)
{
    m_tokenHost = host;
    m_token = token;
}

void DownloadQueue::setRetryPolicy(int firstDelayMs, int maxRetries, int stallTimeoutMs)
{
    m_retryDelayMs = firstDelayMs;
    m_maxRetries = maxRetries;
    m_stallTimeoutMs = stallTimeoutMs;
}

void DownloadQueue::tick()
{
    const double seconds = std::max(1e-3, m_sinceTick.restart() / 1000.0);
    for (auto it = m_rates.begin(); it != m_rates.end(); ++it) {
        const DownloadJob* job = find(it.key());
        if (!job)
            continue;
        Sample& sample = it.value();
        const double now = std::max<qint64>(0, job->received - sample.received) / seconds;
        sample.received = job->received;
        sample.rate.bytesPerSecond = sample.rate.bytesPerSecond == 0
            ? now
            : sample.rate.bytesPerSecond + kSmoothing * (now - sample.rate.bytesPerSecond);
        sample.rate.secondsLeft = job->size >= 0 && sample.rate.bytesPerSecond > 1
            ? qint64((job->size - job->received) / sample.rate.bytesPerSecond)
            : -1;
        // Not written to the store: restore() reads what arrived from the .part itself.
        emit jobChanged(job->id);
    }
}

DownloadQueue::Totals DownloadQueue::totals() const
{
    Totals totals;
    for (const DownloadJob& job : m_jobs) {
        if (job.status == DownloadJob::Status::Cancelled)
            continue;
        if (job.isActive())
            ++totals.active;
        totals.received += job.received;
        if (job.size >= 0)
            totals.size += job.size;
        totals.rate.bytesPerSecond += m_rates.value(job.id).rate.bytesPerSecond;
    }
    if (totals.rate.bytesPerSecond > 1 && totals.size > 0)
        totals.rate.secondsLeft = qint64((totals.size - totals.received) / totals.rate.bytesPerSecond);
    return totals;
}

} // namespace hearth::app
