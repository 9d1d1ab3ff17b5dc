#include "app/cli/library_command.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTextStream>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/library/model_library.h"
#include "app/storage/database.h"

namespace hearth::app {

namespace {

QString sizeText(quint64 bytes)
{
    return QLocale::c().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

int LibraryCommand::list(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Lists the models in Hearth's library."));
    parser.addOption({ QStringLiteral("json"), tr("Print one JSON object.") });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("list"), args, out, err))
        return *exitCode;
    Database database;
    if (!database.open(Database::defaultPath())) {
        err << tr("hearth list: %1\n").arg(database.errorString());
        return ExitFailure;
    }
    ModelLibrary library(database);
    const QList<LibraryModel> models = library.models();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const LibraryModel& m : models)
            array.append(QJsonObject { { QStringLiteral("id"), m.id }, { QStringLiteral("path"), m.path },
                { QStringLiteral("name"), m.name }, { QStringLiteral("size_bytes"), static_cast<qint64>(m.sizeBytes) },
                { QStringLiteral("sha256"), m.sha256 }, { QStringLiteral("architecture"), m.architecture },
                { QStringLiteral("quantization"), m.quantization },
                { QStringLiteral("present"), m.state == LibraryModel::FileState::Present },
                { QStringLiteral("unrunnable_types"), QJsonArray::fromStringList(m.unrunnableTypes) } });
        out << QJsonDocument(QJsonObject { { QStringLiteral("models"), array } }).toJson(QJsonDocument::Compact)
            << '\n';
        return ExitOk;
    }
    if (models.isEmpty()) {
        out << tr("The library is empty: open a GGUF file in Hearth, or download one.\n");
        return ExitOk;
    }
    for (const LibraryModel& m : models) {
        const QString state = m.state == LibraryModel::FileState::Missing ? tr(" (file missing)")
            : m.state == LibraryModel::FileState::Changed                 ? tr(" (file changed)")
            : !m.unrunnableTypes.isEmpty()
            ? tr(" (will not run here: %1 weights)").arg(m.unrunnableTypes.join(QStringLiteral(", ")))
            : QString();
        out << QStringLiteral("%1  %2  %3  %4  %5%6\n")
                   .arg(m.id, 4)
                   .arg(QFileInfo(m.path).completeBaseName(), -40)
                   .arg(m.quantization, -7)
                   .arg(sizeText(m.sizeBytes), 9)
                   .arg(m.path, state);
    }
    return ExitOk;
}

int LibraryCommand::remove(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Removes a model from Hearth's library and deletes its file."));
    parser.addPositionalArgument(QStringLiteral("model"), tr("The model's id, path or name (as hearth list shows)."));
    parser.addOption({ QStringLiteral("keep-file"), tr("Only forget the model; leave its file on disk.") });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("rm"), args, out, err))
        return *exitCode;
    if (parser.positionalArguments().size() != 1) {
        err << tr("hearth rm: expected one MODEL\n");
        return ExitUsage;
    }
    const QString wanted = parser.positionalArguments().first();
    Database database;
    if (!database.open(Database::defaultPath())) {
        err << tr("hearth rm: %1\n").arg(database.errorString());
        return ExitFailure;
    }
    ModelLibrary library(database);
    QList<LibraryModel> matches;
    for (const LibraryModel& m : library.models())
        if (QString::number(m.id) == wanted || m.path == wanted
            || QFileInfo(m.path).absoluteFilePath() == QFileInfo(wanted).absoluteFilePath()
            || QFileInfo(m.path).completeBaseName() == wanted || m.name == wanted)
            matches << m;
    if (matches.isEmpty()) {
        err << tr("hearth rm: no model \"%1\" in the library (see hearth list)\n").arg(wanted);
        return ExitFailure;
    }
    if (matches.size() > 1) {
        err << tr("hearth rm: \"%1\" names %n models; give the id:\n", nullptr, matches.size()).arg(wanted);
        for (const LibraryModel& m : matches)
            err << QStringLiteral("  %1  %2\n").arg(m.id).arg(m.path);
        return ExitUsage;
    }
    const LibraryModel& model = matches.first();
    if (parser.isSet(QStringLiteral("keep-file"))) {
        library.remove(model.id);
        out << tr("Removed %1 from the library; the file stays at %2\n").arg(model.name, model.path);
        return ExitOk;
    }
    QString error;
    if (!library.deleteFile(model.id, &error)) {
        err << tr("hearth rm: %1\n").arg(error);
        return ExitFailure;
    }
    out << tr("Deleted %1 (%2)\n").arg(model.path, sizeText(model.sizeBytes));
    return ExitOk;
}

} // namespace hearth::app
