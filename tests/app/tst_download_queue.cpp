// The download queue: priority order within a limit on parallel downloads;
// pause, resume and cancel; a queue left by an earlier run continues from its
// parts; a split model is ready only once every part is; speeds and times
// left; a failed file never becomes ready; the token goes to its host only.
#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/hub/download_list_model.h"
#include "app/hub/download_queue.h"
#include "app/storage/database.h"
#include "tests/support/fake_file_server.h"

using namespace hearth;
using namespace hearth::app;

class TestDownloadQueue : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_server = std::make_unique<test::FakeFileServer>();
        for (const char* name : { "/a.gguf", "/b.gguf", "/c.gguf" }) {
            QByteArray bytes(1 << 20, Qt::Uninitialized);
            QRandomGenerator(qHash(QByteArray(name)))
                .fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
            m_server->files.insert(name, bytes);
        }
        m_dir.emplace();
        m_database.emplace(QStringLiteral("queue-test"));
        QVERIFY(m_database->open(m_dir->filePath(QStringLiteral("hearth.sqlite3"))));
    }

    void cleanup() { m_database.reset(); }

    void priorityOrderWithinTheParallelLimit()
    {
        DownloadQueue queue(m_network, *m_database);
        queue.setMaxParallel(1);
        int mostRunning = 0;
        connect(&queue, &DownloadQueue::jobChanged, this, [&] {
            const auto jobs = queue.jobs();
            mostRunning = std::max<int>(mostRunning,
                std::count_if(jobs.begin(), jobs.end(),
                    [](const DownloadJob& job) { return job.status == DownloadJob::Status::Running; }));
        });
        QSignalSpy idle(&queue, &DownloadQueue::idle);
        QSignalSpy ready(&queue, &DownloadQueue::modelReady);
        DownloadJob urgent = job("c.gguf");
        urgent.priority = 5;
        const QList<qint64> ids = queue.enqueue({ job("a.gguf"), job("b.gguf"), urgent });
        QCOMPARE(ids.size(), 3);
        QVERIFY(idle.wait(20000));
        QCOMPARE(mostRunning, 1);
        QCOMPARE(m_server->pathsSeen, (QList<QByteArray> { "/c.gguf", "/a.gguf", "/b.gguf" }));
        QCOMPARE(ready.size(), 3);
        for (const DownloadJob& done : queue.jobs()) {
            QCOMPARE(done.status, DownloadJob::Status::Finished);
            QCOMPARE(readAll(done.destination), m_server->files.value("/" + done.filePath.toLatin1()));
        }
        // The database says the same.
        DownloadStore store(*m_database);
        QCOMPARE(store.all().size(), 3);
        QCOMPARE(store.find(ids[2])->status, DownloadJob::Status::Finished);
    }

    void pauseResumeAndCancel()
    {
        m_server->stallAfterBytes = 256 * 1024;
        m_server->stallTimes = 2; // the first response of each file stops there
        DownloadQueue queue(m_network, *m_database);
        queue.setRetryPolicy(10, 3, 20000);
        const QList<qint64> ids = queue.enqueue({ job("a.gguf"), job("b.gguf") });
        QTRY_COMPARE(queue.job(ids[0])->received, 256 * 1024);
        QTRY_COMPARE(queue.job(ids[1])->received, 256 * 1024);

        queue.pause(ids[0]);
        QCOMPARE(queue.job(ids[0])->status, DownloadJob::Status::Paused);
        QCOMPARE(QFileInfo(partOf("a.gguf")).size(), 256 * 1024);
        queue.cancel(ids[1]);
        QCOMPARE(queue.job(ids[1])->status, DownloadJob::Status::Cancelled);
        QVERIFY(!QFile::exists(partOf("b.gguf")));

        QSignalSpy idle(&queue, &DownloadQueue::idle);
        queue.resume(ids[0]);
        QVERIFY(idle.wait(20000));
        QCOMPARE(queue.job(ids[0])->status, DownloadJob::Status::Finished);
        QCOMPARE(readAll(destinationOf("a.gguf")), m_server->files.value("/a.gguf"));
        QCOMPARE(m_server->rangesSeen.last(), QByteArray("bytes=262144-")); // went on, not over
        QVERIFY(!QFile::exists(destinationOf("b.gguf")));
    }

    void aQueueLeftByAnEarlierRunContinues()
    {
        m_server->stallAfterBytes = 300 * 1024;
        m_server->stallTimes = 1;
        qint64 id = 0;
        {
            DownloadQueue closing(m_network, *m_database);
            id = closing.enqueue({ job("a.gguf") }).first();
            QTRY_COMPARE(closing.job(id)->received, 300 * 1024);
        } // Hearth closes mid-file
        QCOMPARE(DownloadStore(*m_database).find(id)->status, DownloadJob::Status::Running);

        DownloadQueue reopened(m_network, *m_database);
        QSignalSpy ready(&reopened, &DownloadQueue::modelReady);
        reopened.restore();
        QCOMPARE(reopened.jobs().size(), 1);
        QVERIFY(ready.wait(20000));
        QCOMPARE(ready.first().first().toString(), destinationOf("a.gguf"));
        QCOMPARE(readAll(destinationOf("a.gguf")), m_server->files.value("/a.gguf"));
        QCOMPARE(m_server->rangesSeen.last(), QByteArray("bytes=307200-"));
        QCOMPARE(m_server->bodyBytesSent, qint64(1 << 20));

        // Asking for the same file again finds it there.
        const QList<qint64> again = reopened.enqueue({ job("a.gguf") });
        QCOMPARE(again, QList<qint64> { id });
        QCOMPARE(m_server->pathsSeen.size(), 2);
    }

    void aSplitModelIsReadyOnceEveryPartIs()
    {
        DownloadJob first = job("a.gguf");
        DownloadJob second = job("b.gguf");
        second.libraryPath = first.libraryPath;
        DownloadQueue queue(m_network, *m_database);
        QSignalSpy ready(&queue, &DownloadQueue::modelReady);
        QSignalSpy idle(&queue, &DownloadQueue::idle);
        queue.enqueue({ first, second });
        QVERIFY(idle.wait(20000));
        QCOMPARE(ready.size(), 1);
        QCOMPARE(ready.first().first().toString(), first.libraryPath);
    }

    void aDamagedFileFailsAndIsNeverReady()
    {
        DownloadJob damaged = job("a.gguf");
        damaged.sha256 = QByteArray(64, '0');
        DownloadQueue queue(m_network, *m_database);
        QSignalSpy ready(&queue, &DownloadQueue::modelReady);
        QSignalSpy failed(&queue, &DownloadQueue::jobFailed);
        const qint64 id = queue.enqueue({ damaged }).first();
        QVERIFY(failed.wait(20000));
        QCOMPARE(queue.job(id)->status, DownloadJob::Status::Failed);
        QVERIFY(queue.job(id)->error.contains(QStringLiteral("SHA-256")));
        QVERIFY(ready.isEmpty());
        QVERIFY(!QFile::exists(damaged.destination));
        QCOMPARE(DownloadStore(*m_database).find(id)->status, DownloadJob::Status::Failed);
    }

    void speedsAndTimesLeftAreMeasured()
    {
        m_server->throttleBytes = 2 * 1024; // at most 200 KiB/s: 1 MiB takes five seconds
        DownloadQueue queue(m_network, *m_database);
        const qint64 id = queue.enqueue({ job("a.gguf") }).first();
        QTRY_VERIFY_WITH_TIMEOUT(queue.rate(id).secondsLeft > 0, 5000);
        const double speed = queue.rate(id).bytesPerSecond;
        QVERIFY2(speed > 10 * 1024 && speed < 400 * 1024, qPrintable(QString::number(speed)));
        const DownloadQueue::Totals totals = queue.totals();
        QCOMPARE(totals.size, qint64(1 << 20));
        QCOMPARE(totals.active, 1);
        QVERIFY(totals.rate.secondsLeft > 0);
        QVERIFY(totals.received > 0 && totals.received < totals.size);
    }

    void theTokenGoesToItsHostOnly()
    {
        DownloadQueue queue(m_network, *m_database);
        queue.setCredentials(QStringLiteral("127.0.0.1"), "hf_secret");
        QSignalSpy idle(&queue, &DownloadQueue::idle);
        DownloadJob elsewhere = job("b.gguf");
        elsewhere.url.setHost(QStringLiteral("localhost"));
        queue.setMaxParallel(1);
        queue.enqueue({ job("a.gguf"), elsewhere });
        QVERIFY(idle.wait(20000));
        QCOMPARE(m_server->authorizationsSeen, (QList<QByteArray> { "Bearer hf_secret", "" }));
    }

    void theTableFollowsTheQueue()
    {
        DownloadQueue queue(m_network, *m_database);
        DownloadListModel table(queue);
        QSignalSpy idle(&queue, &DownloadQueue::idle);
        DownloadJob damaged = job("b.gguf");
        damaged.sha256 = QByteArray(64, '0');
        queue.enqueue({ job("a.gguf"), damaged });
        QCOMPARE(table.rowCount(), 2);
        QVERIFY(idle.wait(20000));
        QCOMPARE(table.index(0, DownloadListModel::FileColumn).data().toString(), QStringLiteral("a.gguf"));
        QCOMPARE(
            table.index(0, DownloadListModel::ProgressColumn).data(DownloadListModel::ProgressRole).toDouble(), 1.0);
        QCOMPARE(table.index(0, DownloadListModel::StatusColumn).data().toString(), QStringLiteral("Done"));
        QVERIFY(table.index(1, DownloadListModel::StatusColumn).data().toString().startsWith(QStringLiteral("Failed")));
        QVERIFY(table.index(1, DownloadListModel::StatusColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("SHA-256")));
        queue.clearDone();
        QCOMPARE(table.rowCount(), 1); // the failed one stays, to be retried
        QCOMPARE(table.idAt(0), queue.jobs().first().id);
    }

private:
    DownloadJob job(const char* fileName) const
    {
        const QString name = QString::fromLatin1(fileName);
        DownloadJob job;
        job.repository = QStringLiteral("test/model-GGUF");
        job.filePath = name;
        job.url = m_server->url(QLatin1Char('/') + name);
        job.destination = destinationOf(name);
        job.libraryPath = job.destination;
        const QByteArray bytes = m_server->files.value("/" + name.toLatin1());
        job.size = bytes.size();
        job.sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
        return job;
    }
    QString destinationOf(const QString& name) const { return m_dir->filePath(QStringLiteral("models/") + name); }
    QString destinationOf(const char* name) const { return destinationOf(QString::fromLatin1(name)); }
    QString partOf(const char* name) const { return destinationOf(name) + QStringLiteral(".part"); }
    static QByteArray readAll(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QNetworkAccessManager m_network;
    std::unique_ptr<test::FakeFileServer> m_server;
    std::optional<QTemporaryDir> m_dir;
    std::optional<Database> m_database;
};

QTEST_MAIN(TestDownloadQueue)
#include "tst_download_queue.moc"
