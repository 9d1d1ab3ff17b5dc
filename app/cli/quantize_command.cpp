#include "app/cli/quantize_command.h"

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
#include "app/quant/quantize_job.h"
#include "engine/gguf/gguf_file.h"

namespace hearth::app {

namespace {

QStringList quantNames()
{
    QStringList names;
    for (const ModelQuant quant : all_model_quants())
        names << QString::fromLatin1(model_quant_name(quant).data());
    return names;
}

} // namespace

int QuantizeCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Writes a GGUF model in another quantization, keeping some tensors at more "
                                        "bits as llama.cpp's mixes do, and adds it to the library."));
    parser.addPositionalArgument(
        QStringLiteral("input"), tr("The GGUF model to quantize (F32, F16, BF16 or quantized)."));
    parser.addPositionalArgument(QStringLiteral("output"), tr("Where to write it."));
    parser.addPositionalArgument(QStringLiteral("type"), tr("One of %1.").arg(quantNames().join(QStringLiteral(", "))));
    const QCommandLineOption threadsOption(
        QStringLiteral("threads"), tr("CPU threads (default: one per core)."), QStringLiteral("N"));
    const QCommandLineOption importanceOption(QStringLiteral("imatrix"),
        tr("An importance matrix (hearth imatrix, or llama.cpp's GGUF imatrix): every type spends its precision where "
           "the activations are; IQ1_S to IQ3_XXS need one."),
        tr("FILE"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object."));
    parser.addOptions({ threadsOption, importanceOption, jsonOption });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("quantize"), args, out, err))
        return *exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 3) {
        err << tr("hearth quantize: expected IN.gguf OUT.gguf TYPE\n");
        return ExitUsage;
    }
    const auto target = model_quant_from_name(positional[2].toStdString());
    if (!target) {
        err << tr("hearth quantize: \"%1\" is not a type Hearth writes; choose one of %2\n")
                   .arg(positional[2], quantNames().join(QStringLiteral(", ")));
        return ExitUsage;
    }
    bool threadsOk = true;
    const int threads = parser.isSet(threadsOption) ? parser.value(threadsOption).toInt(&threadsOk) : 0;
    if (!threadsOk || threads < 0) {
        err << tr("hearth quantize: --threads needs a whole number that is not negative\n");
        return ExitUsage;
    }
    const QString input = positional[0];
    const QString output = positional[1];
    if (!QFileInfo::exists(input)) {
        err << tr("hearth quantize: %1 does not exist\n").arg(input);
        return ExitFailure;
    }
    if (QFileInfo(output).absoluteFilePath() == QFileInfo(input).absoluteFilePath()) {
        err << tr("hearth quantize: the output would overwrite the input\n");
        return ExitUsage;
    }
    if (!parser.isSet(importanceOption)) {
        // Asked before any work, as llama-quantize does: the type needs --imatrix.
        try {
            if (const auto missing = missing_importance(GgufFile::open(input.toStdString()), *target, nullptr)) {
                err << tr("hearth quantize: %1\n").arg(QString::fromStdString(*missing));
                return ExitUsage;
            }
        } catch (const std::exception& error) {
            err << tr("hearth quantize: %1\n").arg(QString::fromUtf8(error.what()));
            return ExitFailure;
        }
    }

    QuantizeJob job;
    const bool quiet = parser.isSet(jsonOption);
    QObject::connect(&job, &QuantizeJob::progress, &job, [&](double fraction, const QString& tensor) {
        if (quiet)
            return;
        err << QStringLiteral("\r%1 %  %2").arg(int(fraction * 100), 3).arg(tensor.leftJustified(32));
        err.flush();
    });
    const auto took = runUntilDone(job, QStringLiteral("quantize"), err, [&] {
        job.start({ input, output, *target, unsigned(threads), parser.value(importanceOption), {} });
    });
    if (!took)
        return ExitFailure;
    const double seconds = *took;
    if (!quiet)
        err << '\n';

    for (const QString& error : addToLibrary({ output }))
        err << tr("hearth quantize: written, but not added to the library: %1\n").arg(error);
    const qint64 inputBytes = QFileInfo(input).size();
    const qint64 outputBytes = QFileInfo(output).size();
    if (quiet) {
        out << QJsonDocument(
            QJsonObject { { QStringLiteral("path"), output }, { QStringLiteral("type"), positional[2].toUpper() },
                { QStringLiteral("size_bytes"), outputBytes }, { QStringLiteral("input_size_bytes"), inputBytes },
                { QStringLiteral("seconds"), seconds } })
                   .toJson(QJsonDocument::Compact)
            << '\n';
    } else {
        const QLocale locale;
        out << tr("Wrote %1: %2 (from %3) in %4 s\n")
                   .arg(output, locale.formattedDataSize(outputBytes), locale.formattedDataSize(inputBytes))
                   .arg(seconds, 0, 'f', 1);
    }
    return ExitOk;
}

} // namespace hearth::app
