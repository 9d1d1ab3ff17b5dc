#include "app/cli/import_command.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/library_additions.h"
#include "app/library/model_import.h"
#include "app/settings/settings.h"

namespace hearth::app {

int ImportCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Brings GGUF files, or folders of them, into the models folder without a "
                                        "network: verified, copied or linked, and added to the library."));
    parser.addPositionalArgument(
        QStringLiteral("path"), tr("GGUF files or folders (a USB disk, a share)."), QStringLiteral("PATH..."));
    const QCommandLineOption sumsOption(QStringLiteral("sha256"),
        tr("A sha256sum list (\"SHA-256  file name\" per line); files not in it, or that differ, are refused."),
        tr("LIST"));
    const QCommandLineOption linkOption(
        QStringLiteral("link"), tr("Link the files where they are instead of copying them."));
    const QCommandLineOption dirOption(
        QStringLiteral("dir"), tr("Where to put them (default: the models folder of the settings)."), tr("DIR"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object."));
    parser.addOptions({ sumsOption, linkOption, dirOption, jsonOption });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("import"), args, out, err))
        return *exitCode;
    if (parser.positionalArguments().isEmpty()) {
        err << tr("hearth import: expected at least one PATH\n");
        return ExitUsage;
    }
    Settings settings;
    ModelImport::Options options;
    options.sources = parser.positionalArguments();
    options.checksums = parser.value(sumsOption);
    options.mode = parser.isSet(linkOption) ? ModelImport::Mode::Link : ModelImport::Mode::Copy;
    options.folder = parser.isSet(dirOption) ? parser.value(dirOption) : settings.modelsFolder();

    QEventLoop loop;
    ModelImport import;
    QList<ModelImport::Outcome> outcomes;
    QObject::connect(&import, &ModelImport::finished, &loop, [&](const QList<ModelImport::Outcome>& result) {
        outcomes = result;
        loop.quit();
    });
    import.start(options);
    loop.exec();

    const QStringList libraryErrors = addToLibrary(ModelImport::libraryPaths(outcomes));

    bool failed = !libraryErrors.isEmpty() || outcomes.isEmpty();
    QJsonArray files;
    for (const ModelImport::Outcome& outcome : std::as_const(outcomes)) {
        failed = failed || !outcome.error.isEmpty();
        files.append(
            QJsonObject { { QStringLiteral("source"), outcome.source }, { QStringLiteral("path"), outcome.destination },
                { QStringLiteral("sha256"), QString::fromLatin1(outcome.sha256) },
                { QStringLiteral("error"), outcome.error } });
        if (parser.isSet(jsonOption))
            continue;
        if (outcome.error.isEmpty())
            out << tr("Imported %1 (SHA-256 %2)\n").arg(outcome.destination, QString::fromLatin1(outcome.sha256));
        else
            err << tr("hearth import: %1\n").arg(outcome.error);
    }
    if (outcomes.isEmpty() && !parser.isSet(jsonOption))
        err << tr("hearth import: no GGUF files in %1\n").arg(options.sources.join(QStringLiteral(", ")));
    for (const QString& error : std::as_const(libraryErrors))
        err << tr("hearth import: the file is here but not in the library: %1\n").arg(error);
    if (parser.isSet(jsonOption))
        out << QJsonDocument(QJsonObject { { QStringLiteral("files"), files } }).toJson(QJsonDocument::Compact) << '\n';
    return failed ? ExitFailure : ExitOk;
}

} // namespace hearth::app
