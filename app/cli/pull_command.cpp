#include "cli/pull_command.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QStorageInfo>
#include <QTextStream>

#include "cli/cli.h"
#include "cli/command_line.h"
#include "hub/file_download.h"
#include "hub/hub_client.h"
#include "library/model_library.h"
#include "settings/settings.h"
#include "storage/database.h"

namespace hearth::app {

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
    QNetworkAccessManager network;
    HubClient hub(network);
    hub.setEndpoint(HubClient::endpointFrom(settings.hubEndpoint()));
    hub.setToken(qgetenv("HF_TOKEN"));

    QEventLoop loop;
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
    if (!QDir().mkpath(folder)) {
        err << tr("hearth pull: cannot create %1\n").arg(folder);
        return ExitFailure;
    }
    const QStorageInfo storage(folder);
    if (storage.isValid() && storage.bytesAvailable() < chosen->totalSize) {
        err << tr("hearth pull: %1 needs %2 but %3 has %4 free\n")
                   .arg(quantization, QLocale::c().formattedDataSize(chosen->totalSize), folder,
                       QLocale::c().formattedDataSize(storage.bytesAvailable()));
        return ExitFailure;
    }

    QJsonArray done;
    QStringList paths;
    const QString target = QDir(folder).filePath(repository.section(QLatin1Char('/'), 1));
    for (const HubFile& file : chosen->files) {
        FileDownload::Target where;
        where.url = hub.fileUrl(repository, file.path);
        where.destination = QDir(target).filePath(file.path.section(QLatin1Char('/'), -1));
        where.size = file.size;
        where.sha256 = file.sha256;
        where.token = qgetenv("HF_TOKEN");
        FileDownload download(network, where);
        const bool quiet = parser.isSet(jsonOption);
        QObject::connect(
            &download, &FileDownload::progress, &download, [&err, quiet, &where](qint64 got, qint64 total) {
                if (quiet || total <= 0)
                    return;
                err << QStringLiteral("\r%1 %2 %")
                           .arg(QFileInfo(where.destination).fileName())
                           .arg(got * 100 / total, 3);
                err.flush();
            });
        QObject::connect(&download, &FileDownload::finished, &loop, &QEventLoop::quit);
        QObject::connect(&download, &FileDownload::failed, &loop, &QEventLoop::quit);
        download.start();
        if (download.state() == FileDownload::State::Running)
            loop.exec();
        if (!quiet)
            err << '\n';
        if (download.state() != FileDownload::State::Finished) {
            err << tr("hearth pull: %1\n").arg(download.errorString());
            return ExitFailure;
        }
        paths << where.destination;
        done.append(
            QJsonObject { { QStringLiteral("path"), where.destination }, { QStringLiteral("size_bytes"), file.size },
                { QStringLiteral("sha256"), QString::fromLatin1(file.sha256) } });
    }

    // Into the library: the first part stands for a split file.
    Database database;
    if (database.open(Database::defaultPath())) {
        ModelLibrary library(database);
        QObject::connect(&library, &ModelLibrary::modelAdded, &loop, &QEventLoop::quit);
        QObject::connect(&library, &ModelLibrary::addFailed, &loop, &QEventLoop::quit);
        library.addFiles({ paths.first() });
        loop.exec();
    }
    if (parser.isSet(jsonOption))
        out << QJsonDocument(QJsonObject { { QStringLiteral("files"), done } }).toJson(QJsonDocument::Compact) << '\n';
    else
        out << tr("Downloaded %1 to %2\n").arg(spec, paths.first());
    return ExitOk;
}

} // namespace hearth::app
