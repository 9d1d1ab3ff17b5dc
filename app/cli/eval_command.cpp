#include "app/cli/eval_command.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTextStream>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/device_option.h"
#include "app/cli/model_errors.h"
#include "app/cli/stop_request.h"
#include "app/quant/quality_job.h"

namespace hearth::app {

int EvalCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Measures what a quantization cost: perplexity on a text and, against the "
                                        "original, the KL divergence of the next-token distributions."));
    parser.addPositionalArgument(QStringLiteral("model"), tr("The GGUF model to measure."));
    const QCommandLineOption textOption(
        QStringLiteral("text"), tr("A plain-text file to score (a few thousand tokens or more)."), tr("FILE"));
    const QCommandLineOption referenceOption(QStringLiteral("reference"),
        tr("The original model (the same one at more bits) to compare the next-token distributions with."), tr("FILE"));
    const QCommandLineOption contextOption(QStringLiteral("ctx"),
        tr("Tokens a chunk (default 512); the second half of each is scored."), QStringLiteral("N"));
    const QCommandLineOption chunksOption(
        QStringLiteral("chunks"), tr("Score at most this many chunks (default: the whole text)."), QStringLiteral("N"));
    const QCommandLineOption threadsOption(
        QStringLiteral("threads"), tr("CPU threads (default: one per core)."), QStringLiteral("N"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object."));
    parser.addOptions({ textOption, referenceOption, contextOption, chunksOption, threadsOption, jsonOption });
    parser.addOptions(DeviceOption::options());
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("eval"), args, out, err))
        return *exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(textOption)) {
        err << tr("hearth eval: expected MODEL.gguf and --text FILE\n");
        return ExitUsage;
    }
    QualityJob::Request request;
    const auto context = CommandLine::count(parser, contextOption, 512, QStringLiteral("eval"), err);
    const auto chunks = CommandLine::count(parser, chunksOption, 0, QStringLiteral("eval"), err);
    const auto threads = CommandLine::count(parser, threadsOption, 0, QStringLiteral("eval"), err);
    if (!context || !chunks || !threads)
        return ExitUsage;
    DeviceOption::Choice device;
    if (const int refused = DeviceOption::check(QStringLiteral("eval"), parser, err, device))
        return refused;
    request.device = device.device;
    request.gpu = device.gpu;
    request.context = *context;
    request.maxChunks = *chunks;
    request.threads = *threads;
    QFile textFile(parser.value(textOption));
    if (!textFile.open(QIODevice::ReadOnly)) {
        err << tr("hearth eval: cannot read %1: %2\n").arg(textFile.fileName(), textFile.errorString());
        return ExitFailure;
    }
    request.text = QString::fromUtf8(textFile.readAll());
    request.model = parser.positionalArguments().first();
    request.reference = parser.value(referenceOption);
    const bool quiet = parser.isSet(jsonOption);
    const StopRequest stop;

    return runOnModelFile(QStringLiteral("eval"), request.model, err, [&] {
        // The same measure as the Quantize dialog's report.
        const QualityRow row = QualityJob::measure(request, &StopRequest::flag(), [&](double fraction) {
            if (quiet)
                return;
            err << QStringLiteral("\r%1 %").arg(int(fraction * 100), 3);
            err.flush();
        });
        if (!quiet)
            err << '\n';
        QJsonObject json { { QStringLiteral("perplexity"), row.perplexity },
            { QStringLiteral("perplexity_error"), row.perplexityError }, { QStringLiteral("tokens"), row.tokens },
            { QStringLiteral("chunks"), row.chunks }, { QStringLiteral("size_bytes"), row.sizeBytes },
            { QStringLiteral("tg_tok_s"), row.tokensPerSecond }, { QStringLiteral("seconds"), row.seconds },
            { QStringLiteral("device"), row.device.isEmpty() ? QStringLiteral("cpu") : row.device } };
        if (row.klDivergence) {
            json.insert(QStringLiteral("kl_divergence"), *row.klDivergence);
            json.insert(QStringLiteral("kl_divergence_p99"), *row.klDivergenceP99);
            json.insert(QStringLiteral("same_top_token"), *row.sameTopToken);
        }
        if (quiet) {
            out << QJsonDocument(json).toJson(QJsonDocument::Compact) << '\n';
            return;
        }
        out << tr("Perplexity %1 ± %2 over %3 tokens (%4 chunks)\n")
                   .arg(row.perplexity, 0, 'f', 4)
                   .arg(row.perplexityError, 0, 'f', 4)
                   .arg(row.tokens)
                   .arg(row.chunks);
        if (row.klDivergence)
            out << tr("KL divergence from the reference %1 (99th percentile %2); same top token %3 %\n")
                       .arg(*row.klDivergence, 0, 'f', 6)
                       .arg(*row.klDivergenceP99, 0, 'f', 6)
                       .arg(*row.sameTopToken * 100, 0, 'f', 1);
        out << tr("%1 on disk, %2 tokens/s generated here (%3)\n")
                   .arg(QLocale().formattedDataSize(row.sizeBytes))
                   .arg(row.tokensPerSecond, 0, 'f', 1)
                   .arg(row.device.isEmpty() ? tr("on the CPU") : tr("on %1").arg(row.device));
    });
}

} // namespace hearth::app
