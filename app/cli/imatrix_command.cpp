#include "app/cli/imatrix_command.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/model_errors.h"
#include "app/cli/stop_request.h"
#include "engine/model/model.h"
#include "engine/runtime/compute_importance.h"
#include "engine/runtime/evaluate.h"

namespace hearth::app {

int ImatrixCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Computes an importance matrix from a calibration text: how much each input "
                                        "column of each weight matrix matters, for hearth quantize --imatrix."));
    parser.addPositionalArgument(QStringLiteral("model"), tr("The GGUF model (F16, BF16 or F32 is best)."));
    const QCommandLineOption textOption(QStringLiteral("text"),
        tr("A plain-text file like what the model will be used for (a few thousand tokens or more)."), tr("FILE"));
    const QCommandLineOption outputOption(QStringList { QStringLiteral("o"), QStringLiteral("output") },
        tr("Where to write it (default: MODEL.imatrix.gguf beside the model)."), tr("FILE"));
    const QCommandLineOption contextOption(
        QStringLiteral("ctx"), tr("Tokens a chunk (default 512)."), QStringLiteral("N"));
    const QCommandLineOption chunksOption(
        QStringLiteral("chunks"), tr("At most this many chunks (default: the whole text)."), QStringLiteral("N"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object."));
    parser.addOptions({ textOption, outputOption, contextOption, chunksOption, jsonOption });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("imatrix"), args, out, err))
        return *exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(textOption)) {
        err << tr("hearth imatrix: expected MODEL.gguf and --text FILE\n");
        return ExitUsage;
    }
    ImportanceOptions options;
    const auto context = CommandLine::count(parser, contextOption, 512, QStringLiteral("imatrix"), err);
    const auto maxChunks = CommandLine::count(parser, chunksOption, 0, QStringLiteral("imatrix"), err);
    if (!context || !maxChunks)
        return ExitUsage;
    options.context = *context;
    options.max_chunks = *maxChunks;
    QFile textFile(parser.value(textOption));
    if (!textFile.open(QIODevice::ReadOnly)) {
        err << tr("hearth imatrix: cannot read %1: %2\n").arg(textFile.fileName(), textFile.errorString());
        return ExitFailure;
    }
    const QByteArray text = textFile.readAll();
    const QString modelPath = parser.positionalArguments().first();
    const QFileInfo info(modelPath);
    const QString output = parser.isSet(outputOption)
        ? parser.value(outputOption)
        : info.dir().filePath(info.completeBaseName() + QStringLiteral(".imatrix.gguf"));
    const bool quiet = parser.isSet(jsonOption);
    const StopRequest stop;
    options.cancel = &StopRequest::flag();
    std::size_t chunks = 0;
    options.progress = [&](std::size_t done, std::size_t total) {
        chunks = total;
        if (quiet)
            return;
        err << QStringLiteral("\r%1/%2 chunks").arg(done).arg(total);
        err.flush();
    };
    return runOnModelFile(QStringLiteral("imatrix"), modelPath, err, [&] {
        const auto model = Model::open(modelPath.toStdString());
        const auto tokens = model->tokenizer().encode(
            std::string_view(text.constData(), std::size_t(text.size())), EncodeOptions { false, false });
        const ImportanceMatrix matrix = compute_importance(*model, tokens, options);
        matrix.save(output.toStdString(), std::uint32_t(chunks), options.context,
            { QFileInfo(textFile.fileName()).fileName().toStdString() });
        if (!quiet)
            err << '\n';
        if (quiet)
            out << QJsonDocument(QJsonObject { { QStringLiteral("path"), output },
                                     { QStringLiteral("entries"), qint64(matrix.entries().size()) },
                                     { QStringLiteral("chunks"), qint64(chunks) } })
                       .toJson(QJsonDocument::Compact)
                << '\n';
        else
            out << tr("Wrote %1: %2 matrices from %3 chunks\n").arg(output).arg(matrix.entries().size()).arg(chunks);
    });
}

} // namespace hearth::app
