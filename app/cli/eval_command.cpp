#include "cli/eval_command.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTextStream>

#include "cli/cli.h"
#include "cli/command_line.h"
#include "cli/model_errors.h"
#include "cli/stop_request.h"
#include "model/model.h"
#include "runtime/evaluate.h"
#include "runtime/speed_test.h"

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
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("eval"), args, out, err))
        return *exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(textOption)) {
        err << tr("hearth eval: expected MODEL.gguf and --text FILE\n");
        return ExitUsage;
    }
    EvalOptions options;
    bool ok = true;
    const auto count = [&](const QCommandLineOption& option, unsigned fallback) {
        if (!parser.isSet(option))
            return fallback;
        bool valid = false;
        const int value = parser.value(option).toInt(&valid);
        if (!valid || value < 0) {
            err << tr("hearth eval: --%1 needs a whole number that is not negative\n").arg(option.names().first());
            ok = false;
        }
        return unsigned(std::max(0, value));
    };
    options.context = count(contextOption, 512);
    options.max_chunks = count(chunksOption, 0);
    options.threads = count(threadsOption, 0);
    if (!ok)
        return ExitUsage;
    QFile textFile(parser.value(textOption));
    if (!textFile.open(QIODevice::ReadOnly)) {
        err << tr("hearth eval: cannot read %1: %2\n").arg(textFile.fileName(), textFile.errorString());
        return ExitFailure;
    }
    const QByteArray text = textFile.readAll();
    const bool quiet = parser.isSet(jsonOption);
    const StopRequest stop;
    options.cancel = &StopRequest::flag();
    options.progress = [&](std::size_t done, std::size_t chunks) {
        if (quiet)
            return;
        err << QStringLiteral("\r%1/%2 chunks").arg(done).arg(chunks);
        err.flush();
    };

    const QString modelPath = parser.positionalArguments().first();
    return runOnModelFile(QStringLiteral("eval"), modelPath, err, [&] {
        const auto model = Model::open(modelPath.toStdString());
        std::shared_ptr<const Model> reference;
        if (parser.isSet(referenceOption))
            reference = Model::open(parser.value(referenceOption).toStdString());
        const auto tokens = model->tokenizer().encode(
            std::string_view(text.constData(), std::size_t(text.size())), EncodeOptions { false, false });
        const EvalResult result = evaluate(*model, tokens, reference.get(), options);
        SpeedTestOptions speed;
        speed.prompt_tokens = 64;
        speed.generated_tokens = 32;
        speed.repetitions = 1;
        speed.threads = options.threads;
        const SpeedTestResult measured = measure_speed(*model, speed);
        if (!quiet)
            err << '\n';
        QJsonObject json { { QStringLiteral("perplexity"), result.perplexity },
            { QStringLiteral("perplexity_error"), result.perplexity_error },
            { QStringLiteral("tokens"), qint64(result.tokens) }, { QStringLiteral("chunks"), qint64(result.chunks) },
            { QStringLiteral("size_bytes"), QFileInfo(modelPath).size() },
            { QStringLiteral("tg_tok_s"), measured.generated_tokens_per_s },
            { QStringLiteral("seconds"), result.seconds } };
        if (result.kl_divergence) {
            json.insert(QStringLiteral("kl_divergence"), *result.kl_divergence);
            json.insert(QStringLiteral("kl_divergence_p99"), *result.kl_divergence_p99);
            json.insert(QStringLiteral("same_top_token"), *result.same_top_token);
        }
        if (quiet) {
            out << QJsonDocument(json).toJson(QJsonDocument::Compact) << '\n';
            return;
        }
        const QLocale locale;
        out << tr("Perplexity %1 ± %2 over %3 tokens (%4 chunks)\n")
                   .arg(result.perplexity, 0, 'f', 4)
                   .arg(result.perplexity_error, 0, 'f', 4)
                   .arg(result.tokens)
                   .arg(result.chunks);
        if (result.kl_divergence)
            out << tr("KL divergence from the reference %1 (99th percentile %2); same top token %3 %\n")
                       .arg(*result.kl_divergence, 0, 'f', 6)
                       .arg(*result.kl_divergence_p99, 0, 'f', 6)
                       .arg(*result.same_top_token * 100, 0, 'f', 1);
        out << tr("%1 on disk, %2 tokens/s generated here\n")
                   .arg(locale.formattedDataSize(QFileInfo(modelPath).size()))
                   .arg(measured.generated_tokens_per_s, 0, 'f', 1);
    });
}

} // namespace hearth::app
