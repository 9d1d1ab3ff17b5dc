#include "app/cli/pull_command.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/library_additions.h"
#include "app/hub/download_queue.h"
#include "app/hub/hub_client.h"
#include "app/hub/model_download.h"
#include "app/hub/transfer_text.h"
#include "app/settings/secret_store.h"
#include "app/settings/settings.h"
#include "app/storage/database.h"

namespace hearth::app {

namespace {

// "tiny-q8_0.gguf [########------------]  40%  1.2 GB of 3.0 GB  12.0 MB/s  2 min 30 s"
QString progressLine(const QString& name, qint64 received, qint64 size, double speed)
{
    constexpr int kWidth = 24;
    const double fraction = size > 0 ? std::clamp(double(received) / size, 0.0, 1.0) : 0.0;
    const int filled = int(fraction * kWidth);
    const qint64 left = speed > 1 && size > 0 ? qint64((size - received) / speed) : -1;
    return QStringLiteral("%1 [%2%3] %4%  %5  %6  %7   ")
        .arg(name, QString(filled, QLatin1Char('#')), QString(kWidth - filled, QLatin1Char('-')))
        .arg(int(fraction * 100), 3)
        .arg(TransferText::progress(received, size), TransferText::speed(speed), TransferText::timeLeft(left));
}

bool stderrIsTerminal()
{
#ifdef Q_OS_UNIX
    return isatty(STDERR_FILENO);
#else
    return true;
#endif
}

} // namespace

int PullCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Downloads a model's GGUF file from the hub (or $HF_ENDPOINT), resumable and "
                                        "verified, and adds it to the library."));
    parser.addPositionalArgument(QStringLiteral("repo"),
        tr("A repository and, after a colon, a quantization: Qwen/Qwen2.5-7B-Instruct-GGUF:Q4_K_M"));
    const QCommandLineOption dirOption(
        QStringLiteral("dir"), tr("Where to put it (default: the models folder of the settings)."), tr("DIR"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object."));
    parser.addOptions({ dirOption, jsonOption });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("pull"), args, out, err))
        return *exitCode;
    if (parser.positionalArguments().size() != 1) {
        err << tr("hearth pull: expected one REPO[:QUANT]\n");
        return ExitUsage;
    }
    const QString spec = parser.positionalArguments().first();
    const QString repository = spec.section(QLatin1Char(':'), 0, 0);
    const QString quantization
        = spec.contains(QLatin1Char(':')) ? spec.section(QLatin1Char(':'), 1).toUpper() : QStringLiteral("Q4_K_M");
    if (repository.count(QLatin1Char('/')) != 1) {
        err << tr("hearth pull: \"%1\" is not a repository such as Qwen/Qwen2.5-7B-Instruct-GGUF\n").arg(repository);
        return ExitUsage;
    }
    Settings settings;
    const QString folder = parser.isSet(dirOption) ? parser.value(dirOption) : settings.modelsFolder();
    QEventLoop loop;
    SecretStore secrets;
    const auto secret = [&](const QString& key) {
        std::optional<QString> value;
        secrets.read(key, [&](const QString& found) {
            value = found;
            loop.quit();
        });
        if (!value)
            loop.exec();
        return *value;
    };
    // $HF_TOKEN, as the hub's own tools read it, else the one kept in Settings.
    const QByteArray token
        = qEnvironmentVariableIsSet("HF_TOKEN") ? qgetenv("HF_TOKEN") : secret(SecretStore::hubToken()).toUtf8();
    QNetworkAccessManager network;
    NetworkProxy proxy = settings.hubProxy();
    if (proxy.mode == NetworkProxy::Mode::Manual && !proxy.url.userName().isEmpty())
        proxy.password = secret(SecretStore::proxyPassword());
    proxy.applyTo(network);
    HubClient hub(network);
    hub.setEndpoint(HubClient::endpointFrom(settings.hubEndpoint()));
    hub.setToken(token);

    QList<HubFile> files;
    QString error;
    hub.listFiles(repository, [&](const QList<HubFile>& found, const QString& problem) {
        files = found;
        error = problem;
        loop.quit();
    });
    loop.exec();
    if (!error.isEmpty()) {
        err << tr("hearth pull: %1\n").arg(error);
        return ExitFailure;
    }
    const QList<QuantizationGroup> groups = groupByQuantization(files);
    const auto chosen = std::find_if(groups.begin(), groups.end(),
        [&](const QuantizationGroup& group) { return group.quantization == quantization; });
    if (chosen == groups.end()) {
        QStringList available;
        for (const QuantizationGroup& group : groups)
            available << group.quantization;
        err << tr("hearth pull: %1 has no %2 file; it has: %3\n")
                   .arg(repository, quantization,
                       available.isEmpty() ? tr("no GGUF files") : available.join(QStringLiteral(", ")));
        return ExitFailure;
    }
    const QList<DownloadJob> jobs = downloadJobsFor(hub, repository, *chosen, folder);
    if (const QString problem = downloadProblem(jobs, folder); !problem.isEmpty()) {
        err << tr("hearth pull: %1\n").arg(problem);
        return ExitFailure;
    }

    Database database;
    if (!database.open(Database::defaultPath())) {
        err << tr("hearth pull: %1\n").arg(database.errorString());
        return ExitFailure;
    }
    // Through the queue the window uses: a pull that is stopped (Ctrl-C, kill,
    // a crash) is continued by the next pull of the same file, or by the window.
    DownloadQueue queue(network, database);
    queue.setCredentials(hub.endpoint().host(), token);
    const QList<qint64> ids = queue.enqueue(jobs);
    const auto ours = [&] {
        QList<DownloadJob> found;
        for (const qint64 id : ids)
            if (const auto job = queue.job(id))
                found << *job;
        return found;
    };
    const auto settled = [&] {
        const QList<DownloadJob> now = ours();
        return std::none_of(now.begin(), now.end(), [](const DownloadJob& job) { return job.isActive(); });
    };
    const bool quiet = parser.isSet(jsonOption);
    const bool terminal = stderrIsTerminal();
    const auto received = [&] {
        qint64 total = 0;
        for (const DownloadJob& job : ours())
            total += job.received;
        return total;
    };
    const qint64 receivedBefore = received();
    QElapsedTimer clock;
    clock.start();
    // At the end, the average speed of this run rather than the last moment's.
    const auto drawBar = [&](bool last) {
        double speed = 0;
        for (const DownloadJob& job : ours())
            speed += queue.rate(job.id).bytesPerSecond;
        if (last)
            speed = (received() - receivedBefore) / std::max(1e-3, clock.elapsed() / 1000.0);
        err << '\r'
            << progressLine(QFileInfo(jobs.first().destination).fileName(), received(), chosen->totalSize, speed);
        err.flush();
    };
    QTimer bar;
    QObject::connect(&bar, &QTimer::timeout, &bar, [&] { drawBar(false); });
    if (!quiet) {
        err << tr("Downloading %1 (%2) from %3\n")
                   .arg(spec, QLocale().formattedDataSize(chosen->totalSize, 1), hub.endpoint().host());
        if (terminal)
            bar.start(250);
    }
    QObject::connect(&queue, &DownloadQueue::jobChanged, &loop, [&] {
        if (settled())
            loop.quit();
    });
    if (!settled())
        loop.exec();
    if (bar.isActive()) {
        drawBar(true);
        err << '\n';
    }

    QJsonArray done;
    for (const DownloadJob& job : ours()) {
        if (job.status != DownloadJob::Status::Finished) {
            err << tr("hearth pull: %1: %2\n").arg(QFileInfo(job.destination).fileName(), job.error);
            return ExitFailure;
        }
        done.append(
            QJsonObject { { QStringLiteral("path"), job.destination }, { QStringLiteral("size_bytes"), job.size },
                { QStringLiteral("sha256"), QString::fromLatin1(job.sha256) } });
    }

    // Into the library: the first part stands for a split file.
    for (const QString& error : addToLibrary({ jobs.first().destination }))
        err << tr("hearth pull: the file is here but not in the library: %1\n").arg(error);
    if (quiet)
        out << QJsonDocument(QJsonObject { { QStringLiteral("files"), done } }).toJson(QJsonDocument::Compact) << '\n';
    else
        out << tr("Downloaded %1 to %2\n").arg(spec, jobs.first().destination);
    return ExitOk;
}

} // namespace hearth::app
