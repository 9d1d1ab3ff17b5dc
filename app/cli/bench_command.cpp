#include "cli/bench_command.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <sys/resource.h>

#include "cli/cli.h"
#include "cli/command_line.h"
#include "cli/device_option.h"
#include "cli/model_errors.h"
#include "cpu/simd_level.h"
#include "model/model.h"
#include "runtime/speed_test.h"

namespace hearth::app {

int BenchCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Measures how fast a model reads a prompt and generates tokens on this machine, as llama-bench does."));
    parser.addPositionalArgument(QStringLiteral("model"), tr("A GGUF model file."));
    const QCommandLineOption promptOption({ QStringLiteral("p"), QStringLiteral("prompt-tokens") },
        tr("Prompt length (default 512)."), tr("N"), QStringLiteral("512"));
    const QCommandLineOption tokensOption({ QStringLiteral("n"), QStringLiteral("tokens") },
        tr("Tokens to generate (default 128)."), tr("N"), QStringLiteral("128"));
    const QCommandLineOption repeatOption({ QStringLiteral("r"), QStringLiteral("repetitions") },
        tr("Runs of each test after a warm-up (default 3)."), tr("N"), QStringLiteral("3"));
    const QCommandLineOption threadsOption(
        QStringLiteral("threads"), tr("CPU threads (default: one per core)."), tr("N"), QStringLiteral("0"));
    const QCommandLineOption parallelOption(
        QStringLiteral("parallel"), tr("Sequences generated together (default 1)."), tr("N"), QStringLiteral("1"));
    const QCommandLineOption deviceOption = DeviceOption::option();
    parser.addOptions({ promptOption, tokensOption, repeatOption, threadsOption, parallelOption, deviceOption });
    parser.addOptions({
        { QStringLiteral("json"), tr("Print one JSON object.") },
    });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("bench"), args, out, err))
        return *exitCode;
    const auto positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err << tr("hearth bench: expected one MODEL.gguf\n");
        return ExitUsage;
    }
    bool ok = true;
    const auto count = [&](const QCommandLineOption& option) {
        bool valid = false;
        const uint value = parser.value(option).toUInt(&valid);
        if (!valid) {
            err << tr("hearth bench: --%1 needs a whole number that is not negative\n").arg(option.names().last());
            ok = false;
        }
        return value;
    };
    SpeedTestOptions options;
    options.prompt_tokens = count(promptOption);
    options.generated_tokens = count(tokensOption);
    options.repetitions = count(repeatOption);
    options.threads = count(threadsOption);
    options.sequences = count(parallelOption);
    if (!ok)
        return ExitUsage;
    if (options.sequences == 0 || options.repetitions == 0) {
        err << tr("hearth bench: --parallel and -r need at least 1\n");
        return ExitUsage;
    }
    if (const int refused = DeviceOption::check(QStringLiteral("bench"), parser.value(deviceOption), err))
        return refused;

    return runOnModelFile(QStringLiteral("bench"), positional[0], err, [&] {
        const auto model = Model::open(positional[0].toStdString());
        const auto result = measure_speed(*model, options);
        // Peak resident memory: the mapped weights actually touched, the KV
        // cache and the buffers; it should stay close to the file's size.
        rusage usage {};
        getrusage(RUSAGE_SELF, &usage);
        const double peak_bytes = static_cast<double>(usage.ru_maxrss) * 1024.0;
        const double weight_bytes = static_cast<double>(model->file().tensor_bytes());
        const auto simd = QString::fromUtf8(std::string(cpu::simd_level_name(cpu::detect_simd_level())).c_str());
        if (parser.isSet(QStringLiteral("json"))) {
            out << QJsonDocument(QJsonObject {
                                     { QStringLiteral("pp_tok_s"), result.prompt_tokens_per_s },
                                     { QStringLiteral("pp_stddev"), result.prompt_stddev },
                                     { QStringLiteral("tg_tok_s"), result.generated_tokens_per_s },
                                     { QStringLiteral("tg_stddev"), result.generated_stddev },
                                     { QStringLiteral("prompt_tokens"), static_cast<int>(options.prompt_tokens) },
                                     { QStringLiteral("generated_tokens"), static_cast<int>(options.generated_tokens) },
                                     { QStringLiteral("parallel"), static_cast<int>(options.sequences) },
                                     { QStringLiteral("threads"), static_cast<int>(result.threads) },
                                     { QStringLiteral("device"), QStringLiteral("cpu") },
                                     { QStringLiteral("simd"), simd },
                                     { QStringLiteral("peak_rss_bytes"), peak_bytes },
                                     { QStringLiteral("weights_bytes"), weight_bytes },
                                 })
                       .toJson(QJsonDocument::Compact)
                << '\n';
            return;
        }
        out << tr("%1 on the CPU (%2 threads, %3)\n").arg(positional[0]).arg(result.threads).arg(simd);
        if (options.prompt_tokens)
            out << tr("  pp%1: %2 ± %3 tokens/s\n")
                       .arg(options.prompt_tokens)
                       .arg(result.prompt_tokens_per_s, 0, 'f', 2)
                       .arg(result.prompt_stddev, 0, 'f', 2);
        if (options.generated_tokens)
            out << tr("  tg%1: %2 ± %3 tokens/s\n")
                       .arg(options.generated_tokens)
                       .arg(result.generated_tokens_per_s, 0, 'f', 2)
                       .arg(result.generated_stddev, 0, 'f', 2);
        out << tr("  peak resident memory %1 GiB for %2 GiB of weights\n")
                   .arg(peak_bytes / (1 << 30), 0, 'f', 2)
                   .arg(weight_bytes / (1 << 30), 0, 'f', 2);
    });
}

} // namespace hearth::app
