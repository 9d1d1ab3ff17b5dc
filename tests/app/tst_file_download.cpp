// Downloads that never lose a byte: resumed after cut connections and after
// a previous run, verified by size and SHA-256 before they take their name,
// redirected, refused with the reason, and discarded when damaged.
#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/hub/file_download.h"
#include "tests/support/fake_file_server.h"

using namespace hearth;
using namespace hearth::app;

class TestFileDownload : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_server = std::make_unique<test::FakeFileServer>();
        m_server->content.resize(3 << 20);
        QRandomGenerator(42).fillRange(
            reinterpret_cast<quint32*>(m_server->content.data()), m_server->content.size() / 4);
        m_dir.emplace();
        QDir(m_dir->path()).mkpath(QStringLiteral("models"));
    }

    void aFileArrivesVerifiedUnderItsName()
    {
        FileDownload download(m_network, target());
        QVERIFY(run(download));
        QCOMPARE(readAll(target().destination), m_server->content);
        QVERIFY(!QFile::exists(target().destination + QStringLiteral(".part")));
        QCOMPARE(download.received(), m_server->content.size());
    }

    void threeCutsAndItStillCompletes()
    {
        m_server->dropAfterBytes = 700 * 1024;
        m_server->dropTimes = 3;
        FileDownload download(m_network, target());
        download.setRetryDelay(10);
        QVERIFY2(run(download), qPrintable(download.errorString()));
        QCOMPARE(readAll(target().destination), m_server->content);
        QCOMPARE(download.retries(), 3);
        // Each retry asked for the rest, from where the last one stopped.
        QCOMPARE(m_server->rangesSeen.size(), 4);
        QCOMPARE(m_server->rangesSeen[1], QByteArray("bytes=716800-"));
        QCOMPARE(m_server->rangesSeen[3], QByteArray("bytes=2150400-"));
        QCOMPARE(m_server->bodyBytesSent, m_server->content.size()); // not a byte twice
    }

    void anEarlierRunsPartIsContinued()
    {
        const qint64 half = m_server->content.size() / 2;
        QFile part(target().destination + QStringLiteral(".part"));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(m_server->content.left(half));
        part.close();
        FileDownload download(m_network, target());
        QVERIFY(run(download));
        QCOMPARE(m_server->rangesSeen, QList<QByteArray> { "bytes=" + QByteArray::number(half) + "-" });
        QCOMPARE(m_server->bodyBytesSent, m_server->content.size() - half);
        QCOMPARE(readAll(target().destination), m_server->content);
    }

    void aServerThatIgnoresRangesStartsOver()
    {
        QFile part(target().destination + QStringLiteral(".part"));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(m_server->content.left(1000));
        part.close();
        m_server->ignoreRange = true;
        FileDownload download(m_network, target());
        QVERIFY(run(download));
        QCOMPARE(readAll(target().destination), m_server->content);
    }

    void aDamagedFileIsDiscarded()
    {
        FileDownload::Target wrong = target();
        wrong.sha256 = QByteArray(64, 'a');
        FileDownload download(m_network, wrong);
        QVERIFY(!run(download));
        QVERIFY(download.errorString().contains(QStringLiteral("SHA-256")));
        QVERIFY(!QFile::exists(wrong.destination));
        QVERIFY(!QFile::exists(wrong.destination + QStringLiteral(".part")));
    }

    void aStalledTransferIsCutAndResumed()
    {
        m_server->stallAfterBytes = 500 * 1024;
        m_server->stallTimes = 2;
        FileDownload download(m_network, target());
        download.setStallTimeout(300);
        download.setRetryDelay(10);
        QVERIFY2(run(download), qPrintable(download.errorString()));
        QCOMPARE(readAll(target().destination), m_server->content);
        QCOMPARE(download.retries(), 2);
        QCOMPARE(m_server->rangesSeen.value(2), QByteArray("bytes=1024000-"));
    }

    void serverErrorsAreRetriedThenReported()
    {
        m_server->forcedStatus = 503;
        m_server->forcedTimes = 2;
        FileDownload recovers(m_network, target());
        recovers.setRetryDelay(10);
        QVERIFY2(run(recovers), qPrintable(recovers.errorString()));
        QCOMPARE(recovers.retries(), 2);

        m_server->forcedStatus = 500;
        m_server->forcedTimes = -1;
        QFile::remove(target().destination);
        FileDownload broken(m_network, target());
        broken.setRetryDelay(5);
        broken.setMaxRetries(3);
        QVERIFY(!run(broken));
        QVERIFY2(broken.errorString().contains(QStringLiteral("500")), qPrintable(broken.errorString()));
        QCOMPARE(m_server->rangesSeen.size(), 3 + 4);
    }

    void aServerThatLiesAboutTheSizeIsCaught()
    {
        FileDownload::Target longer = target(); // the hub promised more than the server has
        longer.size = m_server->content.size() + 10;
        FileDownload shortFile(m_network, longer);
        shortFile.setRetryDelay(5);
        QVERIFY(!run(shortFile));
        QVERIFY2(shortFile.errorString().contains(QStringLiteral("bytes where the hub said")),
            qPrintable(shortFile.errorString()));
        QVERIFY(!QFile::exists(longer.destination));
        QVERIFY(!QFile::exists(longer.destination + QStringLiteral(".part")));

        FileDownload::Target shorter = target(); // the server sends more than the hub promised
        shorter.size = m_server->content.size() - 10;
        FileDownload longFile(m_network, shorter);
        QVERIFY(!run(longFile));
        QVERIFY(longFile.errorString().contains(QStringLiteral("more than")));
        QVERIFY(!QFile::exists(shorter.destination));
        QVERIFY(!QFile::exists(shorter.destination + QStringLiteral(".part")));
    }

    void redirectsAreFollowed()
    {
        FileDownload::Target redirected = target();
        redirected.url = m_server->url(QStringLiteral("/redirect"));
        FileDownload download(m_network, redirected);
        QVERIFY(run(download));
        QCOMPARE(readAll(redirected.destination), m_server->content);
    }

    // The hub redirects LFS files to a CDN: the CDN must not get the token,
    // and the hash the hub states as it redirects is checked.
    void aCdnGetsNoTokenAndTheHubsHashIsChecked()
    {
        const QByteArray sha = QCryptographicHash::hash(m_server->content, QCryptographicHash::Sha256).toHex();
        m_server->redirectTo = "http://localhost:" + QByteArray::number(m_server->serverPort()) + "/file";
        m_server->redirectHeaders = "X-Linked-Etag: \"" + sha
            + "\"\r\nX-Linked-Size: " + QByteArray::number(m_server->content.size()) + "\r\n";
        FileDownload::Target hub = target();
        hub.url = m_server->url(QStringLiteral("/redirect"));
        hub.sha256.clear(); // a mirror's file list without LFS metadata
        hub.size = -1;
        hub.token = "hf_secret";
        FileDownload download(m_network, hub);
        QVERIFY2(run(download), qPrintable(download.errorString()));
        QCOMPARE(download.total(), m_server->content.size());
        QCOMPARE(m_server->authorizationsSeen, QList<QByteArray> { QByteArray() });
        QCOMPARE(readAll(hub.destination), m_server->content);

        QFile::remove(hub.destination);
        m_server->redirectHeaders = "X-Linked-Etag: \"" + QByteArray(64, '0') + "\"\r\n";
        FileDownload lied(m_network, hub);
        QVERIFY(!run(lied));
        QVERIFY2(lied.errorString().contains(QStringLiteral("SHA-256")), qPrintable(lied.errorString()));
        QVERIFY(!QFile::exists(hub.destination));
    }

    void refusalsSayWhatToDoAndAreNotRetried()
    {
        m_server->forcedStatus = 401;
        FileDownload gated(m_network, target());
        QVERIFY(!run(gated));
        QVERIFY(gated.errorString().contains(QStringLiteral("token")));
        QCOMPARE(m_server->rangesSeen.size(), 1);
        m_server->forcedStatus = 404;
        FileDownload missing(m_network, target());
        QVERIFY(!run(missing));
        QVERIFY(missing.errorString().contains(QStringLiteral("404")));
    }

    void pauseKeepsThePartAndCancelRemovesIt()
    {
        m_server->dropAfterBytes = 1 << 20;
        m_server->dropTimes = 100; // every response stops short
        FileDownload download(m_network, target());
        download.setRetryDelay(60000); // and the retry waits
        QSignalSpy progress(&download, &FileDownload::progress);
        download.start();
        QTRY_VERIFY(download.received() >= (1 << 20));
        download.pause();
        QCOMPARE(download.state(), FileDownload::State::Paused);
        QCOMPARE(QFileInfo(target().destination + QStringLiteral(".part")).size(), qint64(1 << 20));
        download.cancel();
        QVERIFY(!QFile::exists(target().destination + QStringLiteral(".part")));
    }

    // A full disk: the .part is a link to /dev/full, where every write fails
    // with ENOSPC. The download says so and nothing takes the model's name.
    void aFullDiskIsReportedAndNothingLooksComplete()
    {
        if (!QFileInfo::exists(QStringLiteral("/dev/full")))
            QSKIP("this system has no /dev/full");
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), target().destination + QStringLiteral(".part")));
        FileDownload download(m_network, target());
        QVERIFY(!run(download));
        QVERIFY2(download.errorString().contains(QStringLiteral("No space left on device")),
            qPrintable(download.errorString()));
        QVERIFY(!QFile::exists(target().destination));
    }

    void oneFileIsWrittenByOneDownloadAtATime()
    {
        m_server->throttleBytes = 64 * 1024;
        FileDownload first(m_network, target());
        first.start();
        FileDownload second(m_network, target());
        QVERIFY(!run(second));
        QVERIFY2(second.errorString().contains(QStringLiteral("Another Hearth")), qPrintable(second.errorString()));
        QSignalSpy finished(&first, &FileDownload::finished);
        QVERIFY(finished.wait(20000));
        QCOMPARE(readAll(target().destination), m_server->content);
        QVERIFY(!QFile::exists(target().destination + QStringLiteral(".lock")));
    }

private:
    FileDownload::Target target() const
    {
        FileDownload::Target t;
        t.url = m_server->url();
        t.destination = m_dir->filePath(QStringLiteral("models/model-Q4_K_M.gguf"));
        t.size = m_server->content.size();
        t.sha256 = QCryptographicHash::hash(m_server->content, QCryptographicHash::Sha256).toHex();
        return t;
    }

    // true when it finished, false when it failed.
    static bool run(FileDownload& download)
    {
        QSignalSpy finished(&download, &FileDownload::finished);
        QSignalSpy failed(&download, &FileDownload::failed);
        download.start();
        QElapsedTimer clock;
        clock.start();
        while (finished.isEmpty() && failed.isEmpty() && clock.elapsed() < 30000)
            QTest::qWait(10);
        return !finished.isEmpty();
    }

    static QByteArray readAll(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    std::unique_ptr<test::FakeFileServer> m_server;
    std::optional<QTemporaryDir> m_dir;
    QNetworkAccessManager m_network;
};

QTEST_GUILESS_MAIN(TestFileDownload)
#include "tst_file_download.moc"
