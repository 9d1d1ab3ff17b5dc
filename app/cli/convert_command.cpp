#include "app/cli/convert_command.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTextStream>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/job_until_done.h"
#include "app/cli/library_additions.h"
#include "app/quant/convert_job.h"

namespace hearth::app {

int ConvertCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Converts a Hugging Face checkpoint (Llama, Mistral, Qwen2, Qwen3, Phi-3; "
                                        "safetensors) to a GGUF file, and adds it to the library."));
    parser.addPositionalArgument(QStringLiteral("folder"),
        tr("The checkpoint's folder (config.json, *.safetensors, "
           "tokenizer.json, tokenizer_config.json)."));
    const QCommandLineOption outputOption(QStringList { QStringLiteral("o"), QStringLiteral("output") },
        tr("The GGUF file to write (default: beside the folder, named after it)."), tr("FILE"));
    const QCommandLineOption typeOption(
        QStringLiteral("type"), tr("f16 (default), bf16 or f32: the matrices' type."), tr("TYPE"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object."));
    parser.addOptions({ outputOption, typeOption, jsonOption });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("convert"), args, out, err))
        return *exitCode;
    if (parser.positionalArguments().size() != 1) {
        err << tr("hearth convert: expected one checkpoint FOLDER\n");
        return ExitUsage;
    }
    const QString type = parser.value(typeOption).toLower();
    GgmlType ggml = GgmlType::F16;
    if (type == QStringLiteral("bf16"))
        ggml = GgmlType::BF16;
    else if (type == QStringLiteral("f32"))
        ggml = GgmlType::F32;
    else if (!type.isEmpty() && type != QStringLiteral("f16")) {
        err << tr("hearth convert: --type is f16, bf16 or f32; quantize the result for fewer bits\n");
        return ExitUsage;
    }
    const QString folder = parser.positionalArguments().first();
    if (!QFileInfo(folder).isDir()) {
        err << tr("hearth convert: %1 is not a folder\n").arg(folder);
        return ExitFailure;
    }
    const QString output
        = parser.isSet(outputOption) ? parser.value(outputOption) : ConvertJob::defaultOutput(folder, ggml);

    ConvertJob job;
    const bool quiet = parser.isSet(jsonOption);
    QObject::connect(&job, &ConvertJob::progress, &job, [&](double fraction) {
        if (quiet)
            return;
        err << QStringLiteral("\r%1 %").arg(int(fraction * 100), 3);
        err.flush();
    });
    const auto took = runUntilDone(job, QStringLiteral("convert"), err, [&] { job.start({ folder, output, ggml }); });
    if (!took)
        return ExitFailure;
    const double seconds = *took;
    if (!quiet)
        err << '\n';

    for (const QString& error : addToLibrary({ output }))
        err << tr("hearth convert: written, but not added to the library: %1\n").arg(error);
    const qint64 bytes = QFileInfo(output).size();
    if (quiet)
        out << QJsonDocument(QJsonObject { { QStringLiteral("path"), output }, { QStringLiteral("size_bytes"), bytes },
                                 { QStringLiteral("seconds"), seconds } })
                   .toJson(QJsonDocument::Compact)
            << '\n';
    else
        out << tr("Wrote %1 (%2) in %3 s\n").arg(output, QLocale().formattedDataSize(bytes)).arg(seconds, 0, 'f', 1);
    return ExitOk;
}

} // namespace hearth::app
